import { describe, expect, it } from 'vitest';
import { parseBudget, parseBudgetVnd } from '../../../src/shared/plan-import/budget';

describe('parseBudgetVnd', () => {
  it.each([
    ['50.000.000', 50_000_000],
    ['70.000.000', 70_000_000],
    ['1.000.000.000', 1_000_000_000],
    ['800.000 đồng', 800_000],
    ['800.000đ', 800_000],
    ['800.000 đ', 800_000],
    ['120.000.000 VNĐ', 120_000_000],
    ['50 triệu đồng', 50_000_000],
    ['1,5 tỷ đồng', 1_500_000_000],
    ['\n\n30.000.000\n\n', 30_000_000],
    ['30.000.\n000', 30_000_000],
    ['30.000\n.000', 30_000_000],
    ['50.000.000 (ngân sách tỉnh)', 50_000_000],
  ])('%j → %i', (text, amount) => {
    expect(parseBudgetVnd(text)).toBe(amount);
    expect(parseBudgetVnd(text.normalize('NFD'))).toBe(amount);
  });

  it.each([
    'Theo dự trù riêng',
    'Các xã, thị trấn chủ động bố trí',
    'Lồng gép cùng các nội dung trong Kế hoạch của Đài',
    'Kinh phí thường xuyên của các đơn vị',
    '- Sử dụng kinh phí cấp hàng năm cho Trang TTĐT huyện; - Các xã, thị trấn tự bố trí',
    'Năm 2021',
    '01 lần',
    '',
  ])('%j states no amount', (text) => {
    expect(parseBudgetVnd(text)).toBeNull();
  });
});

describe('parseBudget keeps the words', () => {
  it('keeps funding words and calls them understood', () => {
    expect(parseBudget('Theo dự trù riêng')).toEqual({
      amountVnd: null,
      words: 'Theo dự trù riêng',
      isRecognised: true,
    });
    expect(parseBudget('Các xã, thị trấn chủ động bố trí')).toEqual({
      amountVnd: null,
      words: 'Các xã, thị trấn chủ động bố trí',
      isRecognised: true,
    });
    expect(parseBudget('Lồng gép cùng các nội dung trong Kế hoạch của Đài').isRecognised).toBe(true);
  });

  it('flags words that do not say how a task is funded, and amounts it cannot tell apart', () => {
    expect(parseBudget('Xem phụ lục 2')).toEqual({ amountVnd: null, words: 'Xem phụ lục 2', isRecognised: false });
    const two = parseBudget('Tỉnh: 50.000.000; huyện: 20.000.000');
    expect(two.amountVnd).toBeNull();
    expect(two.isRecognised).toBe(false);
    expect(two.words).toBe('Tỉnh: 50.000.000; huyện: 20.000.000');
  });

  it('keeps a note written beside an amount', () => {
    expect(parseBudget('50.000.000 (ngân sách tỉnh)').words).toBe('50.000.000 (ngân sách tỉnh)');
    expect(parseBudget('50.000.000').words).toBeNull();
  });
});
