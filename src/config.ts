// Reads the extension's settings (all application-scoped, see package.json).
import * as vscode from 'vscode';
import { DEFAULT_ENDPOINT } from './connect';
import { SETTINGS, SETTINGS_SECTION as SECTION } from './names';

export interface Settings {
  endpoint: string;
  requestTimeoutSeconds: number;
  renewBeforeExpiryMinutes: number;
  batchSize: number;
  defaultSizeKey: string;
  maxImagesPerCheck: number;
  /** Where downloads go: absolute, or relative to the first workspace folder; empty for getty-images/. */
  downloadFolder: string;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    endpoint: c.get<string>(SETTINGS.endpoint) || DEFAULT_ENDPOINT,
    requestTimeoutSeconds: clamp(c.get<number>(SETTINGS.requestTimeoutSeconds, 30), 1, 600),
    renewBeforeExpiryMinutes: clamp(c.get<number>(SETTINGS.renewBeforeExpiryMinutes, 5), 0, 29),
    batchSize: Math.round(clamp(c.get<number>(SETTINGS.batchSize, 50), 1, 100)),
    defaultSizeKey: (c.get<string>(SETTINGS.defaultSizeKey) ?? '').trim(),
    maxImagesPerCheck: Math.round(clamp(c.get<number>(SETTINGS.maxImagesPerCheck, 5000), 1, 1_000_000)),
    downloadFolder: (c.get<string>(SETTINGS.downloadFolder) ?? '').trim(),
  };
}

export function affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
