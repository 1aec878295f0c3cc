import { describe, expect, it } from 'vitest';
import { parsePlanHeader } from '../../../src/shared/plan-import/header';

describe('parsePlanHeader', () => {
  const letter = [
    'ỦY BAN NHÂN DÂN',
    'HUYỆN THẠCH HÀ',
    '',
    'Số: 07 / KH-UBND',
    '',
    'Thạch Hà, ngày 5 tháng 3 năm 2022',
    '',
    'Căn cứ Quyết định số 11/QĐ-UBND ngày 30 tháng 12 năm 2021 của UBND tỉnh;',
    '',
    '**KẾ HOẠCH',
    'Tuyên truyền cải cách hành chính**',
    '',
    'I. MỤC ĐÍCH',
  ].join('\n');

  it('reads number, date, issuer, and the year from the date line when the title has none', () => {
    expect(parsePlanHeader(letter)).toEqual({
      number: '07/KH-UBND',
      title: 'Tuyên truyền cải cách hành chính',
      issuer: 'ỦY BAN NHÂN DÂN HUYỆN THẠCH HÀ',
      year: 2022,
      issuedOn: '2022-03-05',
    });
  });

  it('reads decomposed (NFD) text the same', () => {
    expect(parsePlanHeader(letter.normalize('NFD'))).toEqual(parsePlanHeader(letter));
  });

  it('takes the year of the title over the date of issue', () => {
    const header = parsePlanHeader('Hà Tĩnh, ngày 16 tháng 12 năm 2019\nKẾ HOẠCH\nTuyên truyền CCHC năm 2020\n');
    expect(header.year).toBe(2020);
    expect(header.issuedOn).toBe('2019-12-16');
  });

  it('leaves out what is not there', () => {
    expect(parsePlanHeader('Một văn bản không có phần đầu.')).toEqual({
      number: null,
      title: '',
      issuer: null,
      year: null,
      issuedOn: null,
    });
  });
});
