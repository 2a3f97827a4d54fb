// The Connect envelope, built and read in one place:
//   request  { RequestHeader: { Token, CoordinationId }, <Operation>RequestBody }
//   response { ResponseHeader: { Status, StatusList, CoordinationId }, <Operation>Result }
import { ConnectApiError, ConnectHttpError, ConnectProtocolError } from './errors';
import { RawResponse } from './transport';
import { Operation, StatusEntry } from './types';
import { l10n } from '../l10n';

export function buildRequest(operation: Operation, token: string | null, coordinationId: string, body: object): object {
  return {
    RequestHeader: { Token: token, CoordinationId: coordinationId },
    [`${operation}RequestBody`]: body,
  };
}

export interface Envelope {
  status: 'Success' | 'Warning';
  statusList: StatusEntry[];
  /** `<Operation>Result`, not yet validated. */
  result: Record<string, unknown>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Looks a key up ignoring case: the service's casing is not always the documented one. */
export function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) {
    return obj[name];
  }
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

/**
 * A value of the response for a message: as JSON when short, and safe
 * whatever it is. String() throws for an object with a "toString" key; plain
 * JSON.stringify overflows the stack on a deeply nested value, and a huge
 * value would make a huge message.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    // Quoted whole up to 60 characters (its quotes take it past 60: not a reason to hide it).
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // Nested too deeply to write out: json stays undefined.
  }
  if (json !== undefined && json.length <= 60) {
    return json;
  }
  return Array.isArray(value) ? `a list of ${value.length} item${value.length === 1 ? '' : 's'}` : value === undefined ? 'undefined' : 'an object';
}

/** A scalar as text; anything else (lists, objects) as ''. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function readStatusList(value: unknown): StatusEntry[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter(isRecord).map((s) => ({
    type: scalarText(field(s, 'Type')),
    code: scalarText(field(s, 'Code')),
    message: scalarText(field(s, 'Message')),
  }));
}

/** Checks the header and returns the result; throws a typed error for anything else. */
export function readResponse(operation: Operation, raw: RawResponse, coordinationId: string): Envelope {
  const header = isRecord(raw.body) ? field(raw.body, 'ResponseHeader') : undefined;
  if (!isRecord(header)) {
    // No Connect envelope: an HTTP error page, a proxy's answer, or garbage.
    if (raw.httpStatus >= 400) {
      throw new ConnectHttpError(operation, raw.httpStatus, raw.statusText, coordinationId, raw.retryAfterMs);
    }
    throw new ConnectProtocolError(operation, raw.parseError ?? l10n.t('it has no ResponseHeader'), coordinationId);
  }
  const echoed = field(header, 'CoordinationId');
  if (echoed !== undefined && echoed !== null && echoed !== '' && echoed !== coordinationId) {
    throw new ConnectProtocolError(
      operation,
      l10n.t('it echoes CoordinationId {0} instead of {1}, so it answers another request', typeof echoed === 'string' ? echoed : describeValue(echoed), coordinationId),
      coordinationId,
    );
  }
  const statusList = readStatusList(field(header, 'StatusList'));
  const status = scalarText(field(header, 'Status')).toLowerCase();
  if (status === 'error') {
    throw new ConnectApiError(operation, statusList, coordinationId);
  }
  if (status !== 'success' && status !== 'warning') {
    throw new ConnectProtocolError(operation, l10n.t('ResponseHeader.Status is {0}, not Success, Warning or Error', describeValue(field(header, 'Status'))), coordinationId);
  }
  if (raw.httpStatus >= 400) {
    throw new ConnectHttpError(operation, raw.httpStatus, raw.statusText, coordinationId, raw.retryAfterMs);
  }
  const result = field(raw.body as Record<string, unknown>, `${operation}Result`);
  if (!isRecord(result)) {
    throw new ConnectProtocolError(operation, l10n.t('it has no {0}Result', operation), coordinationId);
  }
  return { status: status === 'warning' ? 'Warning' : 'Success', statusList, result };
}
