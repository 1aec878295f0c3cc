// Bodies the plans name as they abbreviate them match the agencies of the unit tree.
import { describe, expect, it } from 'vitest';
import { bodyKey, namesAgency, placeKey } from '../../../src/shared/plan-import/unit-kinds';

describe('agencies named as plans write them', () => {
  const place = placeKey('Tỉnh Hà Tĩnh');

  it.each([
    ['Đài PTTH tỉnh', 'Đài Phát thanh và Truyền hình Hà Tĩnh'],
    ['Đài PT-TH tỉnh', 'Đài Phát thanh - Truyền hình tỉnh'],
    ['Đài Phát thanh - Truyền hình tỉnh', 'Đài Phát thanh và Truyền hình Hà Tĩnh'],
    ['Báo Hà Tĩnh', 'Báo Hà Tĩnh'],
    ['Sở TT&TT', 'Sở Thông tin và Truyền thông'],
    ['Sở Thông tin và Truyền thông', 'Sở TT&TT Hà Tĩnh'],
  ])('"%s" is the agency "%s"', (name, agency) => {
    expect(namesAgency(name, agency, place)).toBe(true);
  });

  it.each([
    ['Báo Hà Tĩnh', 'Đài Phát thanh và Truyền hình Hà Tĩnh'],
    ['Sở Nội vụ', 'Sở Thông tin và Truyền thông'],
    ['Đài PTTH tỉnh', 'Đài Truyền thanh huyện Cẩm Xuyên'],
  ])('"%s" is not "%s"', (name, agency) => {
    expect(namesAgency(name, agency, place)).toBe(false);
  });

  it('forgives abbreviations, "và" and dashes', () => {
    expect(bodyKey('Sở TT&TT')).toBe(bodyKey('Sở Thông tin và Truyền thông'));
    expect(place).toBe('ha tinh');
  });
});
