import { describe, expect, it } from 'vitest';
import { dateWindowSchema, targetSchema } from '../../../src/shared/plan';
import { parseFrequency, parseTiming } from '../../../src/shared/plan-import/timing';

const nfd = (text: string) => text.normalize('NFD');

describe('parseTiming: windows are calendar periods', () => {
  it.each([
    ['Quý III/2021', 2021, '2021-07-01', '2021-09-30'],
    ['Quý I/2021', 2021, '2021-01-01', '2021-03-31'],
    ['Quý II/2020', 2020, '2020-04-01', '2020-06-30'],
    ['Quý IV/2022', 2022, '2022-10-01', '2022-12-31'],
    ['Qúy III/2021', 2021, '2021-07-01', '2021-09-30'],
    ['quý 3/2021', 2021, '2021-07-01', '2021-09-30'],
    ['Quý III năm 2017', 2017, '2017-07-01', '2017-09-30'],
    ['Quý III', 2019, '2019-07-01', '2019-09-30'],
    ['Quý I, II năm 2017', 2017, '2017-01-01', '2017-06-30'],
    ['Quý II, III năm 2018', 2018, '2018-04-01', '2018-09-30'],
    ['Quý II và Quý III/2021', 2021, '2021-04-01', '2021-09-30'],
    ['Từ quý II đến quý IV/2021', 2021, '2021-04-01', '2021-12-31'],
    ['Tháng 10/2020', 2020, '2020-10-01', '2020-10-31'],
    ['Tháng 02/2024', 2024, '2024-02-01', '2024-02-29'],
    ['tháng 2/2023', 2023, '2023-02-01', '2023-02-28'],
    ['Tháng 10 năm 2020', 2020, '2020-10-01', '2020-10-31'],
    ['Tháng 3', 2021, '2021-03-01', '2021-03-31'],
    ['Từ tháng 3 đến tháng 5/2021', 2021, '2021-03-01', '2021-05-31'],
    ['Tháng 3, 4/2021', 2021, '2021-03-01', '2021-04-30'],
    ['6 tháng đầu năm 2021', 2021, '2021-01-01', '2021-06-30'],
    ['6 tháng cuối năm', 2021, '2021-07-01', '2021-12-31'],
    ['Từ ngày 01/3/2021 đến ngày 30/6/2021', 2021, '2021-03-01', '2021-06-30'],
    ['Ngày 15/10/2021', 2021, '2021-10-15', '2021-10-15'],
    ['10/2020', 2020, '2020-10-01', '2020-10-31'],
  ])('%s (plan year %i) runs %s to %s', (text, year, from, to) => {
    const reading = parseTiming(text, year);
    expect(reading.window).toEqual({ from, to });
    expect(reading.deadline).toBeNull();
    expect(reading.isRecognised).toBe(true);
    expect(dateWindowSchema.safeParse(reading.window).success).toBe(true);
  });

  it.each([
    ['Từ Quý I/2020', 2020, '2020-01-01', '2020-12-31'],
    ['Từ Qúy I/2020', 2020, '2020-01-01', '2020-12-31'],
    ['Từ Quý III/2021', 2021, '2021-07-01', '2021-12-31'],
    ['Từ tháng 4/2022', 2022, '2022-04-01', '2022-12-31'],
  ])('"%s" runs from its start to the end of plan year %i', (text, year, from, to) => {
    expect(parseTiming(text, year).window).toEqual({ from, to });
  });

  it('reads decomposed (NFD) Vietnamese the same as composed', () => {
    expect(parseTiming(nfd('Quý III/2021'), 2021).window).toEqual({ from: '2021-07-01', to: '2021-09-30' });
    expect(parseTiming(nfd('Qúy I, II năm 2017'), 2017).window).toEqual({ from: '2017-01-01', to: '2017-06-30' });
    expect(parseTiming(nfd('Tháng 10/2020'), 2020).window).toEqual({ from: '2020-10-01', to: '2020-10-31' });
  });

  it.each([
    ['Thường xuyên trong năm 2021', 2021],
    ['Thường xuyên trong năm 2020', 2020],
    ['Thường xuyên', 2023],
    ['- Tiếp phát, tuyên truyền thường xuyên.', 2021],
    ['Cả năm', 2022],
    ['Năm 2021', 2021],
  ])('"%s" runs all plan year %i: no window, no deadline, no target', (text, year) => {
    const reading = parseTiming(text, year);
    expect(reading).toEqual({ window: null, deadline: null, target: null, isRecognised: true });
  });

  it('a year other than the plan year becomes that calendar year', () => {
    expect(parseTiming('Thường xuyên trong năm 2022', 2021).window).toEqual({ from: '2022-01-01', to: '2022-12-31' });
  });
});

describe('parseTiming: deadlines', () => {
  // "trước" is strictly before; a deadline is the last day on time.
  it.each([
    ['Hoàn thành chậm nhất trước 15/12/2023', 2023, '2023-12-14'],
    ['Hoàn thành chậm nhất trước 01/01/2024', 2023, '2023-12-31'],
    ['Trước ngày 31/01/2021', 2021, '2021-01-30'],
    ['trước 1/3/2022', 2022, '2022-02-28'],
    ['Chậm nhất ngày 15/12/2023', 2023, '2023-12-15'],
    ['Hoàn thành trước ngày 30/6', 2021, '2021-06-29'],
    ['Hoàn thành trong tháng 6/2021', 2021, '2021-06-30'],
    ['Hoàn thành trước Quý III/2021', 2021, '2021-06-30'],
  ])('%s → deadline %s', (text, year, deadline) => {
    const reading = parseTiming(text, year);
    expect(reading.deadline).toBe(deadline);
    expect(reading.window).toBeNull();
    expect(reading.isRecognised).toBe(true);
  });

  it('reads an NFD deadline', () => {
    expect(parseTiming(nfd('Hoàn thành chậm nhất trước 15/12/2023'), 2023).deadline).toBe('2023-12-14');
  });
});

describe('parseTiming: what it cannot read', () => {
  it.each(['Định kỳ theo lịch Ban Tuyên giáo Tỉnh ủy', 'Khi có yêu cầu', 'Theo chỉ đạo của cấp trên', ''])(
    '"%s" is not recognised and proposes nothing',
    (text) => {
      expect(parseTiming(text, 2021)).toEqual({ window: null, deadline: null, target: null, isRecognised: false });
    },
  );

  it('never reads an impossible date', () => {
    expect(parseTiming('Ngày 31/02/2021', 2021).window).toBeNull();
    expect(parseTiming('Tháng 13/2021', 2021).window).toBeNull();
  });
});

describe('parseFrequency: counts per period', () => {
  it.each([
    ['Số lượng và tần suất phát sóng truyền thanh: 12CT; 01CT/tháng', 1, 'month', false, 12],
    ['12CT; 02CT/tháng', 2, 'month', false, 12],
    ['Số lượng và tần suất phát sóng: 15 số/năm', 15, 'year', false],
    ['24 số/năm', 24, 'year', false],
    ['04 số (01 số/3 tháng)', 1, 'quarter', false, 4],
    ['Số lượng và tần suất phát sóng: 04 số (01 số/ 3 tháng)', 1, 'quarter', false, 4],
    ['08 số (02 số/3 tháng)', 2, 'quarter', false, 8],
    ['48 số (04 số/tháng)', 4, 'month', false, 48],
    ['24 số (2 số/tháng)', 2, 'month', false, 24],
    ['01 lần/quý', 1, 'quarter', false],
    ['1 lần/quý', 1, 'quarter', false],
    ['02 lần/quý', 2, 'quarter', false],
    ['Tối thiểu 01 lần/năm', 1, 'year', true],
    ['Tối thiểu 2 lần/năm', 2, 'year', true],
    ['Ít nhất 01 lần/tháng', 1, 'month', true],
    ['01 lần/năm trở lên', 1, 'year', true],
    ['(01 mục/1tháng)', 1, 'month', false],
    ['- Nêu gương người tốt, việc tốt về cải cách hành chính trên địa bàn (01 mục/1tháng)', 1, 'month', false],
    ['(02 mục/1 tháng)', 2, 'month', false],
    ['định kỳ 1 lần/quý', 1, 'quarter', false],
    ['Định kỳ 01 lần/tháng', 1, 'month', false],
    ['01 lần/tuần', 1, 'week', false],
    ['2 buổi/tuần', 2, 'week', false],
    ['hằng tuần', 1, 'week', false],
    ['Hàng tuần', 1, 'week', false],
    ['Hằng tháng', 1, 'month', false],
    ['hàng quý', 1, 'quarter', false],
    ['Mỗi tuần 2 buổi', 2, 'week', false],
    ['01 lần/6 tháng', 2, 'year', false],
    ['12CT', 12, 'window', false],
    ['02 lớp', 2, 'window', false],
    ['Tối thiểu 04 tin, bài/tháng', 4, 'month', true],
    ['04 tin,bài/tháng', 4, 'month', false],
  ])('%s → %i per %s (at least: %s; in all: %s)', (text, count, per, atLeast, total?: number) => {
    const target = parseFrequency(text);
    // The whole written beside a rate is kept, and only then.
    expect(target).toEqual(total === undefined ? { count, per, atLeast } : { count, per, atLeast, total });
    expect(targetSchema.safeParse(target).success).toBe(true);
    expect(parseFrequency(nfd(text))).toEqual(target);
  });

  it.each([
    'Thường xuyên trong năm 2021',
    'Quý III/2021',
    'Tháng 10/2020',
    'Hoàn thành chậm nhất trước 15/12/2023',
    'Hằng năm',
    'Định kỳ theo lịch Ban Tuyên giáo Tỉnh ủy',
    '00 lần/tháng',
  ])('"%s" states no frequency', (text) => {
    expect(parseFrequency(text)).toBeNull();
  });

  it('a timing cell gives both its window and its target', () => {
    const reading = parseTiming('Quý III/2021, 01 lần/tuần', 2021);
    expect(reading.window).toEqual({ from: '2021-07-01', to: '2021-09-30' });
    expect(reading.target).toEqual({ count: 1, per: 'week', atLeast: false });
  });
});
