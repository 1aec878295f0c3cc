// Plans in shapes the five real ones do not show, written for these tests: no table, lettered
// lists, budgets in prose, several bodies in one cell, a lead cell naming who cooperates.
import { describe, expect, it } from 'vitest';
import { importPlanRows, importPlanText } from '../../../src/shared/plan-import/import-plan';
import { budgetInProse } from '../../../src/shared/plan-import/budget';
import { splitLeadCell, splitNames } from '../../../src/shared/plan-import/normalize';

const NO_TABLE = `UỶ BAN NHÂN DÂN
HUYỆN KỲ ANH

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2022

I. MỤC ĐÍCH, YÊU CẦU
- Nâng cao nhận thức của cán bộ, công chức về cải cách hành chính.
II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN
1. Nội dung tuyên truyền
a) Các quan điểm, chủ trương của Đảng về cải cách hành chính.
b) Kết quả cải cách thủ tục hành chính; đăng tải trên Trang thông tin điện tử của huyện.
2. Hình thức tuyên truyền
a) Phát thanh chuyên mục cải cách hành chính trên hệ thống truyền thanh cơ sở, tối thiểu 04 tin, bài/tháng.
b) Tổ chức 02 lớp tập huấn nghiệp vụ cho công chức một cửa cấp xã trong Quý II/2022. Kinh phí dự kiến: 45.000.000 đồng.
c) In và cấp phát tờ rơi hướng dẫn dịch vụ công trực tuyến, kinh phí khoảng 45 triệu đồng.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ chủ trì, tổng hợp báo cáo.
`;

describe('a plan with no table: lettered lists of forms and content', () => {
  const plan = importPlanText(NO_TABLE);

  it('gives each form a task and the content clause that names a channel', () => {
    expect(plan.tasks.map((t) => t.title)).toEqual([
      'đăng tải trên Trang thông tin điện tử của huyện',
      'Phát thanh chuyên mục cải cách hành chính trên hệ thống truyền thanh cơ sở, tối thiểu 04 tin, bài/tháng',
      'Tổ chức 02 lớp tập huấn nghiệp vụ cho công chức một cửa cấp xã trong Quý II/2022',
      'In và cấp phát tờ rơi hướng dẫn dịch vụ công trực tuyến, kinh phí khoảng 45 triệu đồng',
    ]);
    expect(plan.tasks.map((t) => t.kinds)).toEqual([['article'], ['broadcast', 'article'], ['training'], ['material']]);
  });

  it('reads budgets written in prose, in đồng or in millions', () => {
    expect(plan.tasks.map((t) => t.budgetVnd)).toEqual([null, null, 45_000_000, 45_000_000]);
  });
});

describe('budgets in prose', () => {
  it.each([
    ['Kinh phí dự kiến: 45.000.000 đồng', '45.000.000 đồng'],
    ['kinh phí khoảng 45 triệu đồng.', '45 triệu đồng'],
    ['Kinh phí thực hiện: 1,2 tỷ đồng (ngân sách tỉnh)', '1,2 tỷ đồng (ngân sách tỉnh)'],
  ])('%s → %s', (text, words) => {
    expect(budgetInProse(text)).toBe(words);
  });

  it('finds none where no amount is written', () => {
    expect(budgetInProse('Kinh phí: các đơn vị tự bố trí')).toBeNull();
    expect(budgetInProse('Tổ chức 02 lớp tập huấn năm 2022')).toBeNull();
  });

  it('a prose task with "Kinh phí dự kiến:" has that budget', () => {
    const plan = importPlanText(
      [
        'KẾ HOẠCH',
        'Tuyên truyền CCHC năm 2022',
        'III. NHIỆM VỤ',
        '1. Tổ chức Hội thi tuyên truyền về cải cách hành chính',
        'a. Thời gian thực hiện: Quý III năm 2022.',
        'b. Cơ quan chủ trì: Sở Nội vụ.',
        'c. Kinh phí dự kiến: 45.000.000 đồng.',
        '2. Tập huấn kỹ năng tuyên truyền',
        'a. Thời gian thực hiện: Quý II năm 2022.',
        'b. Cơ quan chủ trì: Sở Nội vụ.',
        'c. Nội dung: Tập huấn cho công chức cấp xã; kinh phí dự kiến 45 triệu đồng.',
      ].join('\n'),
    );
    expect(plan.tasks.map((t) => t.budgetVnd)).toEqual([45_000_000, 45_000_000]);
  });
});

describe('leads: several bodies in one cell, lead and cooperating apart', () => {
  it.each([
    [
      'UBND các huyện, TP, TX, UBND các xã, phường, thị trấn',
      ['UBND các huyện, TP, TX', 'UBND các xã, phường, thị trấn'],
    ],
    ['TT Văn hóa, truyền thông - UBND cấp xã', ['TT Văn hóa, truyền thông', 'UBND cấp xã']],
    ['Văn phòng UBND tỉnh,\nUBND các huyện, TP, TX', ['Văn phòng UBND tỉnh', 'UBND các huyện, TP, TX']],
    ['Các Sở: Nội vụ, Tư pháp, Thông tin và Truyền thông', ['Sở Nội vụ', 'Sở Tư pháp', 'Sở Thông tin và Truyền thông']],
    ['Đài Phát thanh - Truyền hình tỉnh', ['Đài Phát thanh - Truyền hình tỉnh']],
    ['Sở Văn hóa, Thể thao và Du lịch', ['Sở Văn hóa, Thể thao và Du lịch']],
    ['Báo Hà Tĩnh, Đài PTTH tỉnh, Sở TT&TT', ['Báo Hà Tĩnh', 'Đài PTTH tỉnh', 'Sở TT&TT']],
  ])('%s', (cell, names) => {
    expect(splitNames(cell)).toEqual(names);
  });

  it('a lead cell naming who cooperates is split', () => {
    expect(splitLeadCell('Sở Nội vụ phối hợp với Liên đoàn Lao động tỉnh')).toEqual({
      lead: 'Sở Nội vụ',
      cooperating: 'Liên đoàn Lao động tỉnh',
    });
    expect(splitLeadCell('Chủ trì: Phòng VH-TT. Phối hợp: UBND các xã')).toEqual({
      lead: 'Phòng VH-TT',
      cooperating: 'UBND các xã',
    });
    const plan = importPlanRows(
      [
        ['TT', 'Nhiệm vụ', 'Cơ quan thực hiện', 'Thời gian'],
        ['1', 'Tuyên truyền trên Báo Hà Tĩnh', 'Báo Hà Tĩnh phối hợp với Sở TT&TT, Sở Nội vụ', 'Quý I/2022'],
      ],
      { title: 'Thử', year: 2022 },
    );
    expect(plan.tasks[0]).toMatchObject({ lead: ['Báo Hà Tĩnh'], cooperating: ['Sở TT&TT', 'Sở Nội vụ'] });
  });
});

describe('sections numbered 2.1, 2.2 and an unnumbered "Chỉ tiêu cụ thể:"', () => {
  const plan = importPlanText(
    [
      'KẾ HOẠCH',
      'Truyền thông cải cách hành chính năm 2024',
      'Chỉ tiêu cụ thể:',
      '- 100% điểm Bưu điện - Văn hóa xã có tài liệu tuyên truyền CCHC.',
      'II. NỘI DUNG VÀ HÌNH THỨC',
      '2.1. Nội dung tuyên truyền',
      '+ Chủ trương của Đảng về cải cách hành chính.',
      '2.2 Hình thức tuyên truyền',
      '+ Tổ chức hội nghị đối thoại với doanh nghiệp.',
      '+ Đăng tải tin bài trên Fanpage của UBND huyện.',
      'III. TỔ CHỨC THỰC HIỆN',
    ].join('\n'),
  );

  it('reads the forms under 2.2 as tasks and the topic under 2.1 as none', () => {
    expect(plan.tasks.map((t) => [t.title, t.kinds])).toEqual([
      ['Tổ chức hội nghị đối thoại với doanh nghiệp', ['meeting']],
      ['Đăng tải tin bài trên Fanpage của UBND huyện', ['article', 'social']],
    ]);
  });

  it('reads the indicator under an unnumbered heading', () => {
    expect(plan.indicators).toMatchObject([{ unitKind: 'post_office', activityKind: 'material', share: 1 }]);
  });
});
