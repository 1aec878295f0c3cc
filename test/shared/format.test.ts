import { describe, expect, it } from 'vitest';
import {
  formatDateTimeVi,
  formatDateVi,
  formatNumberVi,
  formatVnd,
  isRealDate,
  parseDateVi,
  vietnamDateOf,
} from '../../src/shared/format';

describe('dates dd/mm/yyyy', () => {
  it('formats an ISO date or timestamp', () => {
    expect(formatDateVi('2021-07-05')).toBe('05/07/2021');
    expect(formatDateVi('2021-12-31T23:00:00Z')).toBe('31/12/2021');
  });

  it.each([
    ['05/07/2021', '2021-07-05'],
    ['5/7/2021', '2021-07-05'],
    [' 15/12/2023 ', '2023-12-15'],
    ['29/02/2024', '2024-02-29'],
  ])('parses %j', (text, iso) => {
    expect(parseDateVi(text)).toBe(iso);
  });

  it.each(['29/02/2023', '31/04/2021', '00/01/2021', '12/13/2021', '2021-07-05', '5/7/21', '', 'hôm nay'])(
    'rejects %j',
    (text) => {
      expect(parseDateVi(text)).toBeNull();
    },
  );

  it('round-trips', () => {
    expect(parseDateVi(formatDateVi('2024-02-29'))).toBe('2024-02-29');
  });

  it('knows which days exist', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2100-02-29')).toBe(false);
    expect(isRealDate('2021-7-5')).toBe(false);
    expect(isRealDate('2021-07-05T00:00')).toBe(false);
  });
});

describe('numbers and money', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1.000'],
    [1_000_000, '1.000.000'],
    [50_000_000, '50.000.000'],
    [-1234567, '-1.234.567'],
    [1234.5, '1.234,5'],
    [0.1 + 0.2, '0,3'],
    [7.499999999999999, '7,5'],
    [2.345, '2,35'],
    [-0.001, '0'],
  ])('%d → %j', (value, text) => {
    expect(formatNumberVi(value)).toBe(text);
  });

  it('writes dong as the plans do', () => {
    expect(formatVnd(50_000_000)).toBe('50.000.000 đ');
    expect(formatVnd(1_000_000)).toBe('1.000.000 đ');
    expect(formatVnd(1999.6)).toBe('2.000 đ');
    expect(formatVnd(0)).toBe('0 đ');
  });
});

describe('Vietnam local time (UTC+7, no daylight saving)', () => {
  it('turns 18:00 UTC into the next local day', () => {
    expect(vietnamDateOf('2021-09-14T16:59:59Z')).toBe('2021-09-14');
    expect(vietnamDateOf('2021-09-14T17:00:00Z')).toBe('2021-09-15');
    expect(vietnamDateOf('2021-09-14T18:00:00Z')).toBe('2021-09-15');
    expect(vietnamDateOf('2021-12-31T17:30:00Z')).toBe('2022-01-01');
    expect(vietnamDateOf('2021-09-15T00:30:00+07:00')).toBe('2021-09-15');
    expect(vietnamDateOf(new Date(Date.UTC(2024, 1, 28, 20)))).toBe('2024-02-29');
  });

  it('formats a timestamp in local time', () => {
    expect(formatDateTimeVi('2021-09-15T01:02:03Z')).toBe('15/09/2021 08:02');
    expect(formatDateTimeVi('2021-09-14T18:00:00Z')).toBe('15/09/2021 01:00');
  });
});
