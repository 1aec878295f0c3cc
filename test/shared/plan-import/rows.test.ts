import { describe, expect, it } from 'vitest';
import { taskSchema } from '../../../src/shared/plan';
import { importPlanRows, importPlanText } from '../../../src/shared/plan-import/import-plan';

const HEADER_8 = [
  'TT',
  'Nhiệm vụ',
  'Sản phẩm',
  'Cơ quan chủ trì',
  'Cơ quan phối hợp',
  'Thời gian thực hiện',
  'Dự kiến kinh phí',
  'Ghi chú',
];

describe('importPlanRows: a table pasted in the browser', () => {
  it('maps columns by the words of the header, in any order', () => {
    const plan = importPlanRows(
      [
        ['Thời gian', 'STT', 'Nội dung', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Kinh phí'],
        ['Quý II/2022', '1', 'Tập huấn kỹ năng tuyên truyền CCHC', 'Phòng Nội vụ', 'Các xã', '15.000.000'],
        ['01 lần/tuần', '2', 'Phát thanh chuyên mục CCHC trên loa truyền thanh xã', 'UBND xã', '', ''],
      ],
      { title: 'Kế hoạch thử', year: 2022 },
    );
    expect(plan).toMatchObject({ title: 'Kế hoạch thử', year: 2022, number: null, warnings: [] });
    expect(plan.tasks).toMatchObject([
      {
        ordinal: '1',
        lead: ['Phòng Nội vụ'],
        cooperating: ['Các xã'],
        window: { from: '2022-04-01', to: '2022-06-30' },
        budgetVnd: 15_000_000,
        kinds: ['training'],
      },
      { ordinal: '2', target: { count: 1, per: 'week', atLeast: false }, kinds: ['broadcast'] },
    ]);
  });

  it('joins a row broken across a page and merges an un-numbered row into the task above', () => {
    const plan = importPlanRows(
      [
        HEADER_8,
        ['1', 'Tuyên truyền kết quả Chỉ số cải cách', '', 'Trung tâm Văn', 'Các xã', 'Thường xuyên', '', ''],
        ['', 'hành chính trên Đài Truyền thanh', '', 'hóa – Thông tin', '', '', '', ''],
        ['2', 'Xây dựng chuyên mục trên Đài', '- Chuyên mục', 'Đài', '', '01CT/tháng', '10.000.000', ''],
        ['', 'Phát hành tờ rơi', '- Tờ rơi', '', '', 'Quý I/2021', '5.000.000', ''],
      ],
      { title: 'T', year: 2021 },
    );
    expect(plan.tasks).toHaveLength(2);
    expect(plan.tasks[0]).toMatchObject({
      title: 'Tuyên truyền kết quả Chỉ số cải cách hành chính trên Đài Truyền thanh',
      lead: ['Trung tâm Văn hóa – Thông tin'],
    });
    expect(plan.tasks[1]).toMatchObject({
      title: 'Xây dựng chuyên mục trên Đài; Phát hành tờ rơi',
      products: ['Chuyên mục', 'Tờ rơi'],
      timing: '01CT/tháng; Quý I/2021',
      target: { count: 1, per: 'month', atLeast: false },
      window: { from: '2021-01-01', to: '2021-03-31' },
      budgetVnd: 15_000_000,
      kinds: ['radio_tv', 'material'],
    });
    expect(plan.warnings).toEqual([expect.stringMatching(/^Nhiệm vụ 2: dòng không đánh số/)]);
  });

  it('skips section rows and the row of column numbers; a merged task cell carries the title on', () => {
    const plan = importPlanRows(
      [
        HEADER_8,
        ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)'],
        ['I', 'CẤP TỈNH', '', '', '', '', '', ''],
        ['1', 'Chuyên mục trên Báo, Đài', '- Chuyên mục trên Báo', 'Báo tỉnh', '', 'Thường xuyên', '', ''],
        ['2', '', '- Chuyên mục trên Đài', 'Đài tỉnh', '', '15 số/năm', '', ''],
        ['II', 'CẤP HUYỆN', '', '', '', '', '', ''],
        ['3', '', '- Tờ rơi', 'UBND huyện', '', 'Quý IV', '', ''],
      ],
      { title: 'T', year: 2021 },
    );
    expect(plan.tasks.map((task) => [task.ordinal, task.title])).toEqual([
      ['1', 'Chuyên mục trên Báo, Đài'],
      ['2', 'Chuyên mục trên Báo, Đài – Chuyên mục trên Đài'],
      ['3', 'Tờ rơi'],
    ]);
    expect(plan.tasks[1]!.kinds).toEqual(['radio_tv']);
    expect(plan.warnings).toEqual([
      expect.stringMatching(/^Nhiệm vụ 2: ô nhiệm vụ để trống/),
      expect.stringMatching(/^Nhiệm vụ 3: không có tên nhiệm vụ/),
    ]);
  });

  it('reads a two-row header whose second row names the merged columns', () => {
    const plan = importPlanRows(
      [
        ['TT', 'Nội dung', 'Cơ quan', '', 'Thời gian'],
        ['', '', 'Chủ trì', 'Phối hợp', ''],
        ['1', 'Tuyên truyền trên Cổng TTĐT', 'Văn phòng UBND', 'Sở Nội vụ', 'Thường xuyên'],
      ],
      { title: 'T', year: 2021 },
    );
    expect(plan.tasks).toMatchObject([{ ordinal: '1', lead: ['Văn phòng UBND'], cooperating: ['Sở Nội vụ'] }]);
    expect(plan.warnings).toEqual([]);
  });

  it('guesses the columns of a table without a header, says so, and finds the year in the timings', () => {
    const plan = importPlanRows([
      ['1', 'Tuyên truyền qua pa nô', '', 'Phòng VH-TT', '', 'Quý III/2024', '20.000.000', ''],
      ['2', 'Tuyên truyền trên Cổng TTĐT', '', 'Văn phòng', '', 'Thường xuyên trong năm 2024', '', ''],
    ]);
    expect(plan.year).toBe(2024);
    expect(plan.title).toBe('');
    expect(plan.tasks.map((task) => task.budgetVnd)).toEqual([20_000_000, null]);
    expect(plan.warnings.slice(0, 3)).toEqual([
      expect.stringContaining('Không tìm thấy tên kế hoạch'),
      expect.stringContaining('tạm lấy năm 2024'),
      expect.stringContaining('Không nhận ra dòng tiêu đề của bảng'),
    ]);
  });

  it('never fails on what it cannot read: keeps it and names the task in a warning', () => {
    const plan = importPlanRows(
      [
        HEADER_8,
        ['1', 'Hội nghị sơ kết', '', 'Sở Nội vụ', '', 'Theo chỉ đạo của cấp trên', 'Xem phụ lục 2', ''],
        ['2', 'Tập huấn', '', 'Sở Nội vụ', '', '', '', ''],
        ['3', 'Tọa đàm', '', 'Sở Nội vụ', '', 'Quý I/2019', '', ''],
      ],
      { title: 'T', year: 2021 },
    );
    expect(plan.tasks[0]).toMatchObject({
      timing: 'Theo chỉ đạo của cấp trên',
      window: null,
      target: null,
      budgetVnd: null,
      notes: 'Kinh phí: Xem phụ lục 2',
    });
    expect(plan.warnings).toEqual([
      'Nhiệm vụ 1: chưa hiểu thời gian thực hiện "Theo chỉ đạo của cấp trên"; đã giữ nguyên, cần nhập thời hạn hoặc chỉ tiêu bằng tay.',
      'Nhiệm vụ 1: chưa hiểu kinh phí "Xem phụ lục 2"; đã giữ nguyên trong ghi chú, cần nhập số tiền bằng tay nếu có.',
      'Nhiệm vụ 2: không ghi thời gian thực hiện; tạm coi là thực hiện trong cả năm 2021.',
      'Nhiệm vụ 3: thời gian 01/01/2019–31/03/2019 nằm ngoài năm kế hoạch 2021, cần kiểm tra.',
    ]);
  });
});

describe('importPlanText: a table exported one cell a line', () => {
  it('starts a row only at the next ordinal, so a count alone in a cell stays data', () => {
    const text = [
      'KẾ HOẠCH',
      'Tuyên truyền CCHC năm 2022',
      '',
      '\t\tTT',
      '\t\tNHIỆM VỤ',
      '\t\tSỐ LƯỢNG',
      '\t\tTHỜI GIAN THỰC HIỆN',
      '\t\t1.',
      '\t\tPhát hành tờ rơi',
      '\t\t12',
      '\t\tQuý I/2022',
      '\t\t2.',
      '\t\tHội nghị đối thoại',
      '\t\t',
      '',
      '5',
      '\t\tTháng 10/2022',
    ].join('\n');
    const plan = importPlanText(text);
    expect(plan.tasks.map((task) => [task.ordinal, task.title, task.window?.from])).toEqual([
      ['1', 'Phát hành tờ rơi', '2022-01-01'],
      ['2', 'Hội nghị đối thoại', '2022-10-01'],
    ]);
  });
});

describe('the importer never throws', () => {
  it('on random text and random tables (seeded)', () => {
    const seed = Number(process.env.PLAN_IMPORT_SEED ?? Date.now() % 1_000_000);
    console.log(`plan-import fuzz seed: ${seed} (rerun with PLAN_IMPORT_SEED=${seed})`);
    let state = seed;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const pieces = [
      '\t',
      '\n',
      ' ',
      '1.',
      '2',
      'Quý ',
      'III',
      '/2021',
      'Tháng 13/20',
      'trước ',
      '15/12/2023',
      '01CT/tháng',
      '50.000.000',
      'đồng',
      'KẾ HOẠCH',
      'Số: ',
      'TT',
      'NHIỆM VỤ',
      'Thời gian thực hiện',
      'a. Thời gian thực hiện: ',
      'ỦY BAN NHÂN DÂN',
      '- ',
      'Qúy',
      '\u0301',
      '9999999999999999999',
      '(01 mục/1tháng)',
      'năm 2021',
    ];
    const pick = () => pieces[Math.floor(random() * pieces.length)]!;
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: Math.floor(random() * 80) }, pick).join('');
      const plan = importPlanText(text);
      const rows = text.split('\n').map((line) => line.split('\t'));
      const fromRows = importPlanRows(rows);
      for (const task of [...plan.tasks, ...fromRows.tasks]) {
        expect(
          taskSchema.safeParse({ id: 'x', ...task }).success,
          `seed ${seed} round ${round}: ${JSON.stringify(task)}`,
        ).toBe(true);
      }
    }
  });
});
