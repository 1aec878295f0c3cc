// Indicators ("Chỉ tiêu cụ thể") and schedules (reports, deadlines) read from the plans' prose.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indicatorSchema, planScheduleSchema } from '../../../src/shared/plan';
import { importPlanText } from '../../../src/shared/plan-import/import-plan';
import { BUILT_IN_INDICATORS, isSameIndicator } from '../../../src/shared/report';

const read = (name: string) => readFileSync(new URL(`./plans/${name}.txt`, import.meta.url), 'utf8');

describe('indicators', () => {
  const camXuyen = importPlanText(read('cam-xuyen-district-2021'));

  it('reads each "N% <units> <do something>" of Cẩm Xuyên as a definition', () => {
    const byText = (start: string) => camXuyen.indicators.find((i) => i.text.includes(start))!;
    expect(byText('100% trạm truyền thanh cơ sở')).toMatchObject({
      unitKind: 'station',
      activityKind: 'broadcast',
      figure: null,
      every: 'month',
      share: 1,
    });
    // "có tài liệu": the points hold material at the end of the period, as the built-in indicator says.
    expect(byText('100% điểm Bưu điện văn hóa xã')).toMatchObject({
      unitKind: 'post_office',
      activityKind: 'material',
      figure: null,
      measure: 'held',
    });
    expect(byText('100% trạm truyền thanh cơ sở')).not.toHaveProperty('measure');
    expect(byText('100% Trang TTĐT cấp xã')).toMatchObject({ unitKind: 'commune', activityKind: 'article' });
    // "100% các xã … tổ chức tuyên truyền": any kind a commune logs counts.
    expect(byText('100% các xã, thị trấn tổ chức')).toMatchObject({ unitKind: 'commune', activityKind: null });
    // "100% hồ sơ đã tiếp nhận" names no kind of unit: kept as written, for a person to define.
    expect(byText('100% hồ sơ')).toMatchObject({ unitKind: null });
    expect(camXuyen.indicators).toHaveLength(6);
    for (const indicator of camXuyen.indicators) expect(indicatorSchema.safeParse(indicator).success).toBe(true);
  });

  it('reads a rate as a figure to reach each month', () => {
    const plan = importPlanText(
      [
        'KẾ HOẠCH',
        'Tuyên truyền CCHC năm 2022',
        '3. Chỉ tiêu cụ thể',
        '- 90% trạm truyền thanh cơ sở phát chuyên mục CCHC tối thiểu 04 lần/tháng.',
        'II. NỘI DUNG',
      ].join('\n'),
    );
    expect(plan.indicators).toEqual([
      {
        id: 'chi-tieu-1',
        text: '90% trạm truyền thanh cơ sở phát chuyên mục CCHC tối thiểu 04 lần/tháng',
        unitKind: 'station',
        activityKind: 'broadcast',
        figure: { name: 'sessions', atLeast: 4 },
        every: 'month',
        share: 0.9,
      },
    ]);
  });

  it('reads communes and districts named without "các": "xã, phường, thị trấn", "huyện, thị xã, thành phố"', () => {
    const plan = importPlanText(
      [
        'KẾ HOẠCH',
        'Tuyên truyền CCHC năm 2026',
        '2. Chỉ tiêu cụ thể',
        '- 100% xã, phường, thị trấn tổ chức tuyên truyền về dịch vụ công trực tuyến.',
        '- 100% xã, phường, đặc khu có chuyên mục CCHC trên Trang thông tin điện tử.',
        '- 100% huyện, thị xã, thành phố tổ chức hội nghị tập huấn CCHC.',
        'II. NỘI DUNG',
      ].join('\n'),
    );
    expect(plan.indicators.map((i) => i.unitKind)).toEqual(['commune', 'commune', 'district']);
  });

  it('reads "có <material>" as holding it, and "có tổ chức phát tài liệu" as doing it', () => {
    const plan = importPlanText(
      [
        'KẾ HOẠCH',
        'Tuyên truyền CCHC năm 2022',
        '3. Chỉ tiêu cụ thể',
        '- 100% các xã, phường, thị trấn có tờ gấp hướng dẫn dịch vụ công trực tuyến.',
        '- 100% điểm BĐVHX có tổ chức phát tài liệu CCHC cho người dân.',
        '- 100% điểm BĐVHX có tài liệu.',
        'II. NỘI DUNG',
      ].join('\n'),
    );
    expect(plan.indicators.map((i) => [i.unitKind, i.activityKind, i.measure])).toEqual([
      ['commune', 'material', 'held'],
      ['post_office', 'material', undefined],
      ['post_office', 'material', 'held'],
    ]);
    for (const indicator of plan.indicators) expect(indicatorSchema.safeParse(indicator).success).toBe(true);
  });

  it('gives, across the five plans, holding only to the post-office points with material', () => {
    const held = [
      'an-nhon-town-2023',
      'binh-dinh-province-2017',
      'cam-xuyen-district-2021',
      'dak-lak-home-affairs-2021',
      'ha-tinh-province-2020',
    ]
      .flatMap((name) => importPlanText(read(name)).indicators.map((i) => ({ name, ...i })))
      .filter((i) => i.measure === 'held');
    expect(held.map((i) => [i.name, i.unitKind, i.activityKind])).toEqual([
      ['cam-xuyen-district-2021', 'post_office', 'material'],
      ['ha-tinh-province-2020', 'post_office', 'material'],
    ]);
    // Each means the built-in post-office indicator, so a report shows it once, in the plan's words.
    const builtIn = BUILT_IN_INDICATORS.find((i) => i.id === 'post_office_holds_material')!;
    for (const indicator of held) expect(isSameIndicator(indicator, builtIn)).toBe(true);
  });

  it('Hà Tĩnh names the stations and the post-office points; plans without the section have none', () => {
    const haTinh = importPlanText(read('ha-tinh-province-2020'));
    expect(haTinh.indicators.filter((i) => i.unitKind === 'station' || i.unitKind === 'post_office')).toHaveLength(2);
    expect(importPlanText(read('an-nhon-town-2023')).indicators).toEqual([]);
  });
});

describe('schedules', () => {
  it('reads Cẩm Xuyên: reports each quarter, half-year and year; commune plans due before 31/01/2021', () => {
    const { schedule } = importPlanText(read('cam-xuyen-district-2021'));
    expect(planScheduleSchema.safeParse(schedule).success).toBe(true);
    expect(schedule.reports.length).toBeGreaterThanOrEqual(3);
    for (const report of schedule.reports) expect(report.periods).toEqual(['quarter', 'half', 'year']);
    expect(schedule.reports.map((r) => r.text)).toContain('định kỳ quý, 6 tháng, năm tổng hợp báo cáo UBND huyện.');
    // "trước ngày 31/01/2021": the last day on time is 30/01/2021.
    expect(schedule.deadlines).toEqual([
      {
        due: '2021-01-30',
        text: expect.stringMatching(
          /^Kế hoạch xây dựng trong tháng 01\/2021 và gửi về UBND huyện .* trước ngày 31\/01\/2021/,
        ),
      },
    ]);
  });

  it('reads a due day, and never a task table\'s deadline or "quy định"', () => {
    const { schedule } = importPlanText(
      [
        'KẾ HOẠCH',
        'Tuyên truyền CCHC năm 2023',
        'TT\tNội dung\tCơ quan chủ trì\tThời gian thực hiện',
        '1\tTập huấn\tPhòng Nội vụ\tHoàn thành chậm nhất trước 15/12/2023',
        'IV. CHẾ ĐỘ BÁO CÁO',
        'Các xã báo cáo định kỳ hằng tháng, quý trước ngày 15 của tháng cuối kỳ.',
        'Văn phòng tổng hợp, báo cáo kết quả thực hiện định kỳ theo quy định.',
      ].join('\n'),
    );
    expect(schedule).toEqual({
      reports: [
        {
          periods: ['month', 'quarter'],
          dueDay: 15,
          text: 'Các xã báo cáo định kỳ hằng tháng, quý trước ngày 15 của tháng cuối kỳ.',
        },
      ],
      deadlines: [],
    });
  });

  it('Bình Định reviews each half-year and year; Đắk Lắk names no period', () => {
    expect(importPlanText(read('binh-dinh-province-2017')).schedule.reports.map((r) => r.periods)).toEqual([
      ['half', 'year'],
    ]);
    expect(importPlanText(read('dak-lak-home-affairs-2021')).schedule).toEqual({ reports: [], deadlines: [] });
  });
});
