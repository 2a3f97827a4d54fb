// Sample accounts, offerings and images of the fake Connect server. The demo
// prints these credentials; tests use them by name.

export const DEMO_SYSTEM = { systemId: 'demo-system', systemPassword: 'demo-system-pass' };
export const DEMO_USER = { userName: 'demo.user', userPassword: 'demo-user-pass', accountId: 'ACCT-1001' };

export interface Offering {
  type: string;
  instanceId?: string;
  free: boolean;
  /** Downloads left at start (the fake counts them down); none: not counted. */
  downloadsRemaining?: number;
  /** The largest size this offering grants (GetLargestImageDownloadAuthorizations). */
  largestSizeKey: string;
}

export const OFFERINGS: Record<string, Offering> = {
  RoyaltyFreeSubscription: { type: 'RoyaltyFreeSubscription', instanceId: 'RFS-2001', free: true, downloadsRemaining: 250, largestSizeKey: 'Original' },
  ImagePack: { type: 'ImagePack', instanceId: 'IP-3001', free: false, downloadsRemaining: 10, largestSizeKey: 'Medium' },
  EditorialSubscription: { type: 'EditorialSubscription', instanceId: 'ES-4001', free: true, largestSizeKey: 'Large' },
  PremiumAccess: { type: 'PremiumAccess', instanceId: 'PA-5001', free: false, largestSizeKey: 'XLarge' },
  // EasyAccess cannot have several instances, so it has no instance id.
  EasyAccess: { type: 'EasyAccess', free: false, largestSizeKey: 'Large' },
};

/** Smallest first. */
export const SIZE_KEYS = ['Small', 'Medium', 'Large', 'XLarge', 'Original'];

export type CatalogStatus = 'Available' | 'ImageNotFound' | 'NoAuthorizations';

/** One downloadable size of an image (GetImageDetails' SizesDownloadableImages entry, camelCase). */
export interface ImageSizeSpec {
  sizeKey: string;
  sizeName: string;
  pixelWidth: number;
  pixelHeight: number;
  fileSizeInBytes: number;
  resolutionDpi: number;
  inchesWidth: number;
  inchesHeight: number;
}

/** What GetImageDetails tells about an image, apart from its offerings and URLs. */
export interface ImageDetails {
  title: string;
  caption: string;
  artist: string;
  collectionName: string;
  creditLine: string;
  /** ASP.NET form without the slashes: milliseconds since the epoch, then the offset. */
  dateCreated: string;
  imageFamily: 'Creative' | 'Editorial';
  licensingModel: 'RoyaltyFree' | 'RightsManaged';
  sizes: ImageSizeSpec[];
}

const SIZE_NAMES: Record<string, string> = { Small: 'Small', Medium: 'Medium', Large: 'Large', XLarge: 'X-Large', Original: 'Original' };

/** A size: Small and Medium at 72 dpi, larger sizes at 300 dpi; a JPEG of about 0.3 byte a pixel. */
function size(sizeKey: string, pixelWidth: number, pixelHeight: number): ImageSizeSpec {
  const resolutionDpi = sizeKey === 'Small' || sizeKey === 'Medium' ? 72 : 300;
  const inches = (px: number): number => Math.round((px / resolutionDpi) * 100) / 100;
  return {
    sizeKey,
    sizeName: SIZE_NAMES[sizeKey],
    pixelWidth,
    pixelHeight,
    fileSizeInBytes: Math.round(pixelWidth * pixelHeight * 0.3),
    resolutionDpi,
    inchesWidth: inches(pixelWidth),
    inchesHeight: inches(pixelHeight),
  };
}

/** Images with a fixed answer; any other well-formed ID is covered by a subscription. */
export const IMAGES: Record<string, { status: CatalogStatus; offerings?: string[]; details?: ImageDetails }> = {
  '83454800': {
    status: 'Available',
    offerings: ['RoyaltyFreeSubscription', 'ImagePack'],
    details: {
      title: 'Hot-air balloons over a valley at sunrise',
      caption: 'Dozens of hot-air balloons drift over a rocky valley as the sun rises.',
      artist: 'Ana Lindqvist',
      collectionName: 'Fake Creative Stock',
      creditLine: 'Ana Lindqvist/Fake Creative Stock',
      dateCreated: '1297286970531-0800',
      imageFamily: 'Creative',
      licensingModel: 'RoyaltyFree',
      sizes: [size('Small', 594, 396), size('Medium', 1024, 683), size('Large', 2048, 1365), size('XLarge', 4096, 2731), size('Original', 5616, 3744)],
    },
  },
  'sb10069478a-001': {
    status: 'Available',
    offerings: ['EditorialSubscription'],
    details: {
      title: 'Harbour cranes at dusk',
      caption: 'Container cranes stand idle at the harbour after the dock workers\u2019 strike, 14 March 2008.',
      artist: 'Tomasz Wr\u00f3bel',
      collectionName: 'Fake News Wire',
      creditLine: 'Tomasz Wr\u00f3bel/Fake News Wire',
      dateCreated: '1205496000000+0100',
      imageFamily: 'Editorial',
      licensingModel: 'RightsManaged',
      sizes: [size('Small', 594, 396), size('Medium', 1024, 683), size('Large', 3000, 2000)],
    },
  },
  '200275431-001': {
    status: 'Available',
    offerings: ['PremiumAccess', 'EasyAccess', 'ImagePack'],
    details: {
      title: 'Red bicycle against a yellow wall',
      caption: 'A red city bicycle leaning against a sunlit yellow wall.',
      artist: 'Kofi Mensah',
      collectionName: 'Fake Premium Collection',
      creditLine: 'Kofi Mensah/Fake Premium Collection',
      dateCreated: '1388534400000+0000',
      imageFamily: 'Creative',
      licensingModel: 'RightsManaged',
      sizes: [size('Small', 594, 395), size('Medium', 1024, 680), size('Large', 2048, 1360), size('XLarge', 4288, 2848)],
    },
  },
  '99999999': { status: 'ImageNotFound' },
  '12345678': {
    status: 'NoAuthorizations',
    details: {
      title: 'Lighthouse in a storm',
      caption: 'Waves break against a lighthouse during a winter storm.',
      artist: 'Marie Dubois',
      collectionName: 'Fake Archive',
      creditLine: 'Marie Dubois/Fake Archive',
      dateCreated: '1041379200000-0500',
      imageFamily: 'Creative',
      licensingModel: 'RoyaltyFree',
      sizes: [size('Small', 396, 594), size('Medium', 683, 1024), size('Large', 2000, 3000)],
    },
  },
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

/** The sizes of any well-formed ID not in IMAGES. */
const GENERATED_SIZES = [size('Small', 594, 446), size('Medium', 1024, 768), size('Large', 2048, 1536), size('XLarge', 3200, 2400), size('Original', 4000, 3000)];

/** GetImageDetails' facts about an image; undefined for an image the catalog does not have. */
export function imageDetails(imageId: string): ImageDetails | undefined {
  if (lookUpImage(imageId).status === 'ImageNotFound') {
    return undefined;
  }
  return (
    IMAGES[imageId]?.details ?? {
      title: `Sample image ${imageId}`,
      caption: `A generated sample image for the well-formed ID ${imageId}.`,
      artist: 'Fake Photographer',
      collectionName: 'Fake Sample Collection',
      creditLine: 'Fake Photographer/Fake Sample Collection',
      dateCreated: '1577836800000+0000',
      imageFamily: 'Creative',
      licensingModel: 'RoyaltyFree',
      sizes: GENERATED_SIZES,
    }
  );
}

/**
 * The largest size `offering` grants of an image with `sizes`: its own largest size,
 * or the image's largest below that when the image has no such size.
 */
export function largestGrantedSize(offering: Offering, sizes: ImageSizeSpec[]): string | undefined {
  const limit = SIZE_KEYS.indexOf(offering.largestSizeKey);
  const allowed = sizes.map((s) => s.sizeKey).filter((k) => SIZE_KEYS.indexOf(k) <= limit);
  return allowed.sort((a, b) => SIZE_KEYS.indexOf(a) - SIZE_KEYS.indexOf(b)).pop();
}
