// Maps validated `<Operation>Result` objects to camelCase domain types,
// accepting the documented contradictions of the specification.
import { field, isRecord } from './envelope';
import { DownloadAuthorization, ImageAuthorization, SessionTokens } from './types';

/** Thrown with a short description of the offending field; the client wraps it. */
export class MappingError extends Error {}

function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  throw new MappingError(`expected a string, got ${typeof value}`);
}

function requiredString(obj: Record<string, unknown>, name: string, where: string): string {
  const value = optionalString(field(obj, name));
  if (value === undefined) {
    throw new MappingError(`${where}.${name} is missing`);
  }
  return value;
}

/** `TokenDurationMinutes` is an int in the examples and a String in the tables. */
function minutes(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new MappingError(`${where}.TokenDurationMinutes is ${JSON.stringify(value)}, not a number of minutes`);
  }
  return n;
}

function optionalCount(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new MappingError(`${where}.DownloadsRemaining is ${JSON.stringify(value)}, not a number`);
  }
  return n;
}

function bool(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') {
    return value;
  }
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  if (value === undefined || value === null) {
    return false;
  }
  throw new MappingError(`${where}.DownloadIsFree is ${JSON.stringify(value)}, not a boolean`);
}

export function toSessionTokens(result: Record<string, unknown>, where: string, requireSecureToken: boolean): SessionTokens {
  const tokens: SessionTokens = {
    token: requiredString(result, 'Token', where),
    tokenDurationMinutes: minutes(field(result, 'TokenDurationMinutes'), where),
  };
  const secureToken = optionalString(field(result, 'SecureToken'));
  if (requireSecureToken && secureToken === undefined) {
    throw new MappingError(`${where}.SecureToken is missing`);
  }
  if (secureToken !== undefined) {
    tokens.secureToken = secureToken;
  }
  const accountId = optionalString(field(result, 'AccountId'));
  if (accountId !== undefined) {
    tokens.accountId = accountId;
  }
  return tokens;
}

function toAuthorization(raw: unknown, where: string): DownloadAuthorization {
  if (!isRecord(raw)) {
    throw new MappingError(`${where} is not an object`);
  }
  const auth: DownloadAuthorization = {
    productOfferingType: optionalString(field(raw, 'ProductOfferingType')) ?? 'Unknown offering',
    downloadIsFree: bool(field(raw, 'DownloadIsFree'), where),
    downloadToken: requiredString(raw, 'DownloadToken', where),
  };
  // The example says ProductOfferingInstanceId, the field table InstanceId.
  const instanceId = optionalString(field(raw, 'ProductOfferingInstanceId') ?? field(raw, 'InstanceId'));
  if (instanceId !== undefined) {
    auth.productOfferingInstanceId = instanceId;
  }
  const remaining = optionalCount(field(raw, 'DownloadsRemaining'), where);
  if (remaining !== undefined) {
    auth.downloadsRemaining = remaining;
  }
  return auth;
}

export function toImageAuthorizations(result: Record<string, unknown>, where: string): ImageAuthorization[] {
  const images = field(result, 'Images');
  if (images === undefined || images === null) {
    return [];
  }
  if (!Array.isArray(images)) {
    throw new MappingError(`${where}.Images is not a list`);
  }
  return images.map((img, i) => {
    const at = `${where}.Images[${i}]`;
    if (!isRecord(img)) {
      throw new MappingError(`${at} is not an object`);
    }
    const auths = field(img, 'Authorizations');
    if (auths !== undefined && auths !== null && !Array.isArray(auths)) {
      throw new MappingError(`${at}.Authorizations is not a list`);
    }
    const authorizations = ((auths ?? []) as unknown[]).map((a, j) => toAuthorization(a, `${at}.Authorizations[${j}]`));
    return {
      imageId: requiredString(img, 'ImageId', at),
      sizeKey: optionalString(field(img, 'SizeKey')) ?? '',
      // Status is in the field table but not in every example: infer it then.
      status: optionalString(field(img, 'Status')) ?? (authorizations.length ? 'Available' : 'NoAuthorizations'),
      authorizations,
    };
  });
}
