// The question asked before a download debits an offering names it and what is left.
import * as assert from 'assert';
import { confirmationText } from '../../src/downloads/confirmation';

const t = (productOfferingType: string, downloadIsFree: boolean, downloadsRemaining?: number) => ({ imageId: '1', downloadToken: 'dlt_x', productOfferingType, downloadIsFree, downloadsRemaining });

suite('download confirmation', () => {
  test('one debited download names the offering and the downloads left', () => {
    assert.strictEqual(confirmationText([t('EasyAccess', false, 12)]), 'This uses one download of EasyAccess (12 left).');
    assert.strictEqual(confirmationText([t('PremiumAccess', false)]), 'This uses one download of PremiumAccess.');
  });

  test('free authorizations ask nothing', () => {
    assert.strictEqual(confirmationText([t('RoyaltyFreeSubscription', true, 250)]), undefined);
  });

  test('several: the total, then each offering', () => {
    assert.strictEqual(
      confirmationText([t('ImagePack', false, 10), t('ImagePack', false, 10), t('EasyAccess', false), t('RoyaltyFreeSubscription', true)]),
      'This uses 3 downloads: 2 of ImagePack (10 left), 1 of EasyAccess.',
    );
  });
});
