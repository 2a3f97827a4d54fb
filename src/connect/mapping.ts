// Maps validated `<Operation>Result` objects to camelCase domain types,
// accepting the documented contradictions of the specification.
import { describeValue, field, isRecord } from './envelope';
import { DownloadableSize, DownloadAuthorization, DownloadUrl, ImageAuthorization, ImageDetails, SessionTokens } from './types';
import { l10n } from '../l10n';

/** Thrown with a short description of the offending field; the client wraps it. */
export class MappingError extends Error {}

function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  throw new MappingError(l10n.t('expected a string, got {0}', typeof value));
}

function requiredString(obj: Record<string, unknown>, name: string, where: string): string {
  const value = optionalString(field(obj, name));
  if (value === undefined) {
    throw new MappingError(l10n.t('{0}.{1} is missing', where, name));
  }
  return value;
}

/** `TokenDurationMinutes` is an int in the examples and a String in the tables. */
function minutes(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new MappingError(l10n.t('{0}.TokenDurationMinutes is {1}, not a number of minutes', where, describeValue(value)));
  }
  return n;
}

function optionalCount(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new MappingError(l10n.t('{0}.DownloadsRemaining is {1}, not a number', where, describeValue(value)));
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
  throw new MappingError(l10n.t('{0}.DownloadIsFree is {1}, not a boolean', where, describeValue(value)));
}

export function toSessionTokens(result: Record<string, unknown>, where: string, requireSecureToken: boolean): SessionTokens {
  const tokens: SessionTokens = {
    token: requiredString(result, 'Token', where),
    tokenDurationMinutes: minutes(field(result, 'TokenDurationMinutes'), where),
  };
  const secureToken = optionalString(field(result, 'SecureToken'));
  if (requireSecureToken && secureToken === undefined) {
    throw new MappingError(l10n.t('{0}.SecureToken is missing', where));
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
    throw new MappingError(l10n.t('{0} is not an object', where));
  }
  const auth: DownloadAuthorization = {
    productOfferingType: optionalString(field(raw, 'ProductOfferingType')) ?? l10n.t('Unknown offering'),
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
    throw new MappingError(l10n.t('{0}.Images is not a list', where));
  }
  return images.map((img, i) => {
    const at = `${where}.Images[${i}]`;
    if (!isRecord(img)) {
      throw new MappingError(l10n.t('{0} is not an object', at));
    }
    const auths = field(img, 'Authorizations');
    if (auths !== undefined && auths !== null && !Array.isArray(auths)) {
      throw new MappingError(l10n.t('{0}.Authorizations is not a list', at));
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

export function toLargestAuthorizations(result: Record<string, unknown>, where: string): ImageAuthorization[] {
  return listOf(result, 'Images', where).map((img, i) => {
    const at = `${where}.Images[${i}]`;
    const auths = field(img, 'Authorizations');
    if (auths !== undefined && auths !== null && !Array.isArray(auths)) {
      throw new MappingError(l10n.t('{0}.Authorizations is not a list', at));
    }
    const authorizations = ((auths ?? []) as unknown[]).map((a, j) => {
      const auth = toAuthorization(a, `${at}.Authorizations[${j}]`);
      const sizeKey = optionalString(field(a as Record<string, unknown>, 'SizeKey'));
      return sizeKey === undefined ? auth : { ...auth, sizeKey };
    });
    return {
      imageId: requiredString(img, 'ImageId', at),
      sizeKey: '',
      status: authorizations.length ? 'Available' : 'NoAuthorizations',
      authorizations,
      largest: true,
    };
  });
}

/** The objects of a list field, or [] when the field is absent. */
function listOf(result: Record<string, unknown>, name: string, where: string): Record<string, unknown>[] {
  const list = field(result, name);
  if (list === undefined || list === null) {
    return [];
  }
  if (!Array.isArray(list)) {
    throw new MappingError(l10n.t('{0}.{1} is not a list', where, name));
  }
  return list.map((item, i) => {
    if (!isRecord(item)) {
      throw new MappingError(l10n.t('{0}.{1}[{2}] is not an object', where, name, i));
    }
    return item;
  });
}

function optionalNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * The old ASP.NET JSON date, `/Date(1297286970531-0800)/`: milliseconds since the
 * epoch, then an offset that only says where the time was recorded (the instant is
 * the milliseconds). ISO strings are accepted too; anything else is no date.
 */
export function parseConnectDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value.trim());
  const date = m ? new Date(Number(m[1])) : /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export function toImageDetails(result: Record<string, unknown>, where: string): ImageDetails[] {
  return listOf(result, 'Images', where).map((img, i) => {
    const at = `${where}.Images[${i}]`;
    const text = (name: string): string | undefined => {
      const v = field(img, name);
      return typeof v === 'string' && v.trim() !== '' ? v : undefined;
    };
    const offerings = field(img, 'ApplicableProductOfferings');
    const details: ImageDetails = {
      imageId: requiredString(img, 'ImageId', at),
      applicableProductOfferings: Array.isArray(offerings) ? offerings.filter((o): o is string => typeof o === 'string') : [],
      sizes: listOf(img, 'SizesDownloadableImages', at)
        .filter((s) => typeof field(s, 'SizeKey') === 'string' && field(s, 'SizeKey') !== '')
        .map((s) => {
          const size: DownloadableSize = { sizeKey: String(field(s, 'SizeKey')) };
          const name = field(s, 'SizeName');
          if (typeof name === 'string' && name) size.sizeName = name;
          const width = optionalNumber(field(s, 'PixelWidth'));
          const height = optionalNumber(field(s, 'PixelHeight'));
          const bytes = optionalNumber(field(s, 'FileSizeInBytes'));
          if (width !== undefined) size.pixelWidth = width;
          if (height !== undefined) size.pixelHeight = height;
          if (bytes !== undefined) size.fileSizeInBytes = bytes;
          return size;
        }),
    };
    const fields: [keyof ImageDetails, string][] = [
      ['title', 'Title'], ['caption', 'Caption'], ['artist', 'Artist'], ['collectionName', 'CollectionName'], ['creditLine', 'CreditLine'],
      ['imageFamily', 'ImageFamily'], ['licensingModel', 'LicensingModel'], ['urlThumb', 'UrlThumb'], ['urlPreview', 'UrlPreview'],
    ];
    for (const [key, name] of fields) {
      const v = text(name);
      if (v !== undefined) (details as unknown as Record<string, unknown>)[key] = v;
    }
    const date = parseConnectDate(field(img, 'DateCreated'));
    if (date) details.dateCreated = date;
    return details;
  });
}

export function toDownloadUrls(result: Record<string, unknown>, where: string): DownloadUrl[] {
  return listOf(result, 'DownloadUrls', where).map((item) => {
    const url: DownloadUrl = { status: optionalString(field(item, 'Status')) ?? '' };
    const imageId = optionalString(field(item, 'ImageId'));
    const sizeName = optionalString(field(item, 'SizeName'));
    const attachment = optionalString(field(item, 'UrlAttachment'));
    if (imageId !== undefined) url.imageId = imageId;
    if (sizeName !== undefined) url.sizeName = sizeName;
    if (attachment !== undefined) url.urlAttachment = attachment;
    return url;
  });
}
