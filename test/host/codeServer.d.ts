// Types of codeServer.js (plain CommonJS so scripts run it uncompiled).
import type { Browser } from 'playwright-core';

export interface CodeServerOptions {
  extensionDevelopmentPath?: string | string[];
  installExtensions?: string[];
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  smokeTestDriver?: boolean;
  verbose?: boolean;
  startTimeoutMs?: number;
}

export interface CodeServer {
  host: string;
  port: number;
  baseUrl: string;
  dirs: Record<string, string>;
  exited: Promise<number | string>;
  log(): string;
  workbenchUrl(options?: { workspace?: string; extensionTestsPath?: string }): string;
  stop(): Promise<void>;
}

export const DEFAULT_USER_SETTINGS: Readonly<Record<string, unknown>>;
export function paths(): Record<string, string>;
export function isInstalled(): boolean;
export function ensureInstalled(): void;
export function pinnedVersions(): Record<string, string>;
export function startCodeServer(options?: CodeServerOptions): Promise<CodeServer>;
export function launchChromium(options?: { headless?: boolean; args?: string[] }): Promise<Browser>;
