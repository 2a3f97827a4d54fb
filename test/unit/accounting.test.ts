// Every image and size sent gets one result, whether the answer lists it or leaves it out.
import * as assert from 'assert';
import { accountForSent, NOT_IN_ANSWER, pairKey } from '../../src/authorizations/accounting';
import { ImageAuthorization } from '../../src/connect';

const answer = (imageId: string, sizeKey: string, status = 'Available'): ImageAuthorization => ({ imageId, sizeKey, status, authorizations: [] });

suite('accounting for every ID sent', () => {
  test('an answer that lists every image is kept as it is, in the order sent', () => {
    const sent = [{ imageId: 'a', sizeKey: 'Large' }, { imageId: 'b', sizeKey: 'Large' }];
    const got = accountForSent(sent, [answer('b', 'Large', 'ImageNotFound'), answer('a', 'Large')]);
    assert.deepStrictEqual(got.map((r) => [r.imageId, r.status]), [['a', 'Available'], ['b', 'ImageNotFound']]);
  });

  test('an image left out of the answer gets the status NotInAnswer, with its size key', () => {
    const sent = [{ imageId: 'a', sizeKey: 'Large' }, { imageId: 'b', sizeKey: 'Small' }, { imageId: 'c', sizeKey: 'Large' }];
    const got = accountForSent(sent, [answer('b', 'Small')]);
    assert.deepStrictEqual(got, [
      { imageId: 'a', sizeKey: 'Large', status: NOT_IN_ANSWER, authorizations: [] },
      answer('b', 'Small'),
      { imageId: 'c', sizeKey: 'Large', status: NOT_IN_ANSWER, authorizations: [] },
    ]);
  });

  test('the same image at two sizes: each size is accounted for on its own', () => {
    const sent = [{ imageId: 'a', sizeKey: 'Large' }, { imageId: 'a', sizeKey: 'Small' }];
    const got = accountForSent(sent, [answer('a', 'Small')]);
    assert.deepStrictEqual(got.map((r) => [r.sizeKey, r.status]), [['Large', NOT_IN_ANSWER], ['Small', 'Available']]);
  });

  test('size keys match without case, and an answer without a size key stands for the pair sent', () => {
    const sent = [{ imageId: 'a', sizeKey: 'Large' }, { imageId: 'b', sizeKey: 'Large' }];
    const got = accountForSent(sent, [answer('a', 'large'), answer('b', '')]);
    assert.deepStrictEqual(got.map((r) => [r.imageId, r.sizeKey, r.status]), [['a', 'large', 'Available'], ['b', 'Large', 'Available']]);
  });

  test('entries the answer adds for pairs that were not sent are kept, after the ones sent', () => {
    const got = accountForSent([{ imageId: 'a', sizeKey: 'Large' }], [answer('z', 'Large'), answer('a', 'Large'), answer('a', 'Large', 'Duplicate')]);
    assert.deepStrictEqual(got.map((r) => [r.imageId, r.status]), [['a', 'Available'], ['z', 'Available'], ['a', 'Duplicate']]);
  });

  test('pairKey tells an image from another and a size from another, whatever the case of the size', () => {
    assert.strictEqual(pairKey('1', 'Large'), pairKey('1', 'LARGE'));
    assert.notStrictEqual(pairKey('1', 'Large'), pairKey('1', 'Small'));
    assert.notStrictEqual(pairKey('1', '2Large'), pairKey('12', 'Large'));
  });
});
