// Sample accounts, offerings and images of the fake Connect server. The demo
// prints these credentials; tests use them by name.

export const DEMO_SYSTEM = { systemId: 'demo-system', systemPassword: 'demo-system-pass' };
export const DEMO_USER = { userName: 'demo.user', userPassword: 'demo-user-pass', accountId: 'ACCT-1001' };

export interface Offering {
  type: string;
  instanceId?: string;
  free: boolean;
  downloadsRemaining?: number;
}

export const OFFERINGS: Record<string, Offering> = {
  RoyaltyFreeSubscription: { type: 'RoyaltyFreeSubscription', instanceId: 'RFS-2001', free: true, downloadsRemaining: 250 },
  ImagePack: { type: 'ImagePack', instanceId: 'IP-3001', free: false, downloadsRemaining: 10 },
  EditorialSubscription: { type: 'EditorialSubscription', instanceId: 'ES-4001', free: true },
  PremiumAccess: { type: 'PremiumAccess', instanceId: 'PA-5001', free: false },
  // EasyAccess cannot have several instances, so it has no instance id.
  EasyAccess: { type: 'EasyAccess', free: false },
};

export const SIZE_KEYS = ['Small', 'Medium', 'Large', 'XLarge', 'Original'];

export type CatalogStatus = 'Available' | 'ImageNotFound' | 'NoAuthorizations';

/** Images with a fixed answer; any other well-formed ID is covered by a subscription. */
export const IMAGES: Record<string, { status: CatalogStatus; offerings?: string[] }> = {
  '83454800': { status: 'Available', offerings: ['RoyaltyFreeSubscription', 'ImagePack'] },
  'sb10069478a-001': { status: 'Available', offerings: ['EditorialSubscription'] },
  '200275431-001': { status: 'Available', offerings: ['PremiumAccess', 'EasyAccess', 'ImagePack'] },
  '99999999': { status: 'ImageNotFound' },
  '12345678': { status: 'NoAuthorizations' },
};

const WELL_FORMED = /^(\d{5,}|[a-z]{1,4}\d+[a-z]?-\d{3}|\d+-\d{3})$/i;

export function lookUpImage(imageId: string): { status: CatalogStatus; offerings: string[] } {
  const known = IMAGES[imageId];
  if (known) {
    return { status: known.status, offerings: known.offerings ?? [] };
  }
  if (!WELL_FORMED.test(imageId) || imageId.startsWith('404')) {
    return { status: 'ImageNotFound', offerings: [] };
  }
  if (imageId.startsWith('000')) {
    return { status: 'NoAuthorizations', offerings: [] };
  }
  return { status: 'Available', offerings: ['RoyaltyFreeSubscription'] };
}
