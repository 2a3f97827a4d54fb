// Reading the three more operations' results as the documents describe them.
import * as assert from 'assert';
import { parseConnectDate, toDownloadUrls, toImageDetails, toLargestAuthorizations } from '../../src/connect/mapping';

suite('mapping of GetLargest, GetImageDetails and CreateDownloadRequest', () => {
  test('/Date(ms±hhmm)/ is the instant in milliseconds; ISO dates work too; anything else is no date', () => {
    assert.strictEqual(parseConnectDate('/Date(1297286970531-0800)/')?.toISOString(), '2011-02-09T21:29:30.531Z');
    assert.strictEqual(parseConnectDate('/Date(1297286970531+0100)/')?.getTime(), 1297286970531);
    assert.strictEqual(parseConnectDate('/Date(1297286970531)/')?.getTime(), 1297286970531);
    assert.strictEqual(parseConnectDate('2011-02-09T21:29:30Z')?.toISOString(), '2011-02-09T21:29:30.000Z');
    for (const bad of ['/Date(abc)/', 'yesterday', '', 42, null, undefined]) assert.strictEqual(parseConnectDate(bad), undefined, String(bad));
  });

  test('GetLargest: each authorization names its size; the image is Available', () => {
    const [image] = toLargestAuthorizations({
      Images: [{ ImageId: '1', Authorizations: [
        { DownloadIsFree: true, DownloadToken: 'dlt_a', ProductOfferingInstanceId: 'RFS-1', ProductOfferingType: 'RoyaltyFreeSubscription', SizeKey: 'Original' },
        { DownloadIsFree: false, DownloadToken: 'dlt_b', InstanceId: 'IP-1', ProductOfferingType: 'ImagePack', SizeKey: 'Medium' },
      ] }],
    }, 'R');
    assert.deepStrictEqual(image, {
      imageId: '1', sizeKey: '', status: 'Available', largest: true,
      authorizations: [
        { productOfferingType: 'RoyaltyFreeSubscription', downloadIsFree: true, downloadToken: 'dlt_a', productOfferingInstanceId: 'RFS-1', sizeKey: 'Original' },
        { productOfferingType: 'ImagePack', downloadIsFree: false, downloadToken: 'dlt_b', productOfferingInstanceId: 'IP-1', sizeKey: 'Medium' },
      ],
    });
    assert.strictEqual(toLargestAuthorizations({ Images: [{ ImageId: '2', Authorizations: [] }] }, 'R')[0].status, 'NoAuthorizations');
    assert.deepStrictEqual(toLargestAuthorizations({}, 'R'), []);
    assert.throws(() => toLargestAuthorizations({ Images: {} }, 'R'), /R\.Images is not a list/);
  });

  test('GetImageDetails: text fields, the date, offerings and the downloadable sizes', () => {
    const [d] = toImageDetails({
      Images: [{
        ImageId: '83454800', Title: 'Harbour at dawn', Caption: 'Boats', Artist: 'A. Person', CollectionName: 'Stone', CreditLine: 'Getty',
        DateCreated: '/Date(1297286970531-0800)/', ImageFamily: 'Creative', LicensingModel: 'RoyaltyFree',
        ApplicableProductOfferings: ['ImagePack', 7], UrlThumb: 'https://t/1.jpg', UrlPreview: 'https://p/1.jpg',
        SizesDownloadableImages: [
          { SizeKey: 'Large', SizeName: 'large', PixelWidth: 3000, PixelHeight: '2000', FileSizeInBytes: 4_200_000 },
          { SizeKey: '' }, { SizeName: 'nameless' },
        ],
      }],
    }, 'R');
    assert.deepStrictEqual(d, {
      imageId: '83454800', title: 'Harbour at dawn', caption: 'Boats', artist: 'A. Person', collectionName: 'Stone', creditLine: 'Getty',
      dateCreated: new Date(1297286970531), imageFamily: 'Creative', licensingModel: 'RoyaltyFree',
      applicableProductOfferings: ['ImagePack'], urlThumb: 'https://t/1.jpg', urlPreview: 'https://p/1.jpg',
      sizes: [{ sizeKey: 'Large', sizeName: 'large', pixelWidth: 3000, pixelHeight: 2000, fileSizeInBytes: 4_200_000 }],
    });
    assert.deepStrictEqual(toImageDetails({ Images: [{ ImageId: '2' }] }, 'R'), [{ imageId: '2', applicableProductOfferings: [], sizes: [] }]);
  });

  test('CreateDownloadRequest: one URL per item with its status; SizeName null is no size name', () => {
    assert.deepStrictEqual(toDownloadUrls({ DownloadUrls: [
      { ImageId: '1', SizeName: null, Status: 'Success', UrlAttachment: 'https://d/1' },
      { ImageId: '2', Status: 'NoAccess' },
    ] }, 'R'), [
      { imageId: '1', status: 'Success', urlAttachment: 'https://d/1' },
      { imageId: '2', status: 'NoAccess' },
    ]);
  });
});
