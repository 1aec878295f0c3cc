import { describe, expect, it } from 'vitest';
import { foldDiacritics, nameKey, toNfc } from '../../src/shared/text';

describe('NFC', () => {
  it('composes text pasted from Word or PDF', () => {
    const decomposed = 'Cẩm Xuyên'.normalize('NFD');
    expect(decomposed).not.toBe('Cẩm Xuyên');
    expect(toNfc(decomposed)).toBe('Cẩm Xuyên'.normalize('NFC'));
    expect(toNfc(decomposed).length).toBe(9);
  });
});

describe('nameKey', () => {
  it.each([
    ['Xã Yên Hòa', 'Xã Yên Hoà'],
    ['Thủy', 'Thuỷ'],
    ['Thúy', 'Thuý'],
    ['Khỏe', 'Khoẻ'],
    ['Hòa Bình', 'Hoà Bình'],
    ['HÒA', 'hoà'],
    ['  Xã   Cẩm  Hòa ', 'xã cẩm hoà'],
    ['Xã Yên Hòa'.normalize('NFD'), 'Xã Yên Hoà'],
    ['\u00d0ức Thọ', 'Đức Thọ'],
  ])('equates %j and %j', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it.each([
    ['Hòa', 'Hóa'],
    ['Thủy', 'Thùy'],
    ['Cẩm Xuyên', 'Cam Xuyen'],
    ['Hoàng', 'Hoàn'],
  ])('keeps %j and %j apart', (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });

  it('leaves syllables with a final consonant alone ("hoạch", "Quỳnh", "toàn")', () => {
    expect(nameKey('Kế hoạch')).toBe('kế hoạch');
    expect(nameKey('Quỳnh Lưu')).toBe('quỳnh lưu');
    expect(nameKey('toàn tỉnh')).toBe('toàn tỉnh');
  });

  it('yields NFC', () => {
    const key = nameKey('Xã Yên Hòa'.normalize('NFD'));
    expect(key).toBe(key.normalize('NFC'));
  });
});

describe('foldDiacritics', () => {
  it.each([
    ['Cẩm Xuyên', 'cam xuyen'],
    ['Đức Thọ', 'duc tho'],
    ['\u00d0ức Thọ', 'duc tho'],
    ['đường', 'duong'],
    ['Hoà Bình'.normalize('NFD'), 'hoa binh'],
    ['Thừa Thiên Huế', 'thua thien hue'],
    ['ASCII stays', 'ascii stays'],
  ])('%j → %j', (input, folded) => {
    expect(foldDiacritics(input)).toBe(folded);
  });

  it('folds both tone placements to the same ASCII', () => {
    expect(foldDiacritics('Hòa')).toBe(foldDiacritics('Hoà'));
  });
});
