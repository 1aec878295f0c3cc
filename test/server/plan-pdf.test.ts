// A plan as a PDF: the text layer is read with PDF.js and handed to the importer; a scan, a locked
// or a broken file is refused in words. The PDFs are written by the tests (test/support/pdf-writer).
import { describe, expect, it } from 'vitest';
import { IMPORT_WARNINGS, PLAN_FILE_MESSAGES } from '../../src/shared/plan-import/messages';
import { PlanFileError } from '../../src/server/plans/plan-file-error';
import { importPlanPdf, pdfText } from '../../src/server/plans/plan-pdf';
import { layoutTable, type PdfPage, type PlacedText, writePdf } from '../support/pdf-writer';
import { PDF_PLAN_LINES } from './plan-pdf-fixture';

describe('importPlanPdf', () => {
  it('reads the header and the task table of a PDF with a text layer', async () => {
    const plan = await importPlanPdf(writePdf([[...PDF_PLAN_LINES]]));
    expect(plan).toMatchObject({
      number: '45/KH-UBND',
      title: 'Tuyên truyền cải cách hành chính huyện Thạch Hà năm 2022',
      issuer: 'ỦY BAN NHÂN DÂN HUYỆN THẠCH HÀ',
      year: 2022,
      issuedOn: '2022-01-10',
    });
    expect(plan.tasks).toMatchObject([
      {
        ordinal: '1',
        title: 'Phát thanh chuyên mục CCHC trên loa truyền thanh',
        lead: ['UBND cấp xã'],
        target: { count: 1, per: 'week', atLeast: false },
        kinds: ['broadcast'],
      },
      {
        ordinal: '2',
        lead: ['Phòng Nội vụ'],
        window: { from: '2022-04-01', to: '2022-06-30' },
        budgetVnd: 15_000_000,
        kinds: ['training'],
      },
    ]);
  });

  it('keeps Vietnamese text whole and in order, page after page, cells apart by tabs', async () => {
    const text = await pdfText(writePdf([['Trang một: Tuyên truyền'], ['TT\tNhiệm vụ\tThời gian']]));
    expect(text.split('\n')).toEqual(['Trang một: Tuyên truyền', 'TT\tNhiệm vụ\tThời gian']);
  });

  it('a plan with no table in a PDF still gives its tasks', async () => {
    const plan = await importPlanPdf(
      writePdf([
        [
          'KẾ HOẠCH',
          'Tuyên truyền cải cách hành chính năm 2021',
          '2. Các hình thức tuyên truyền',
          '- Tổ chức Cuộc thi tìm hiểu chính sách, pháp luật về CCHC;',
          '- Khảo sát mức độ hài lòng của tổ chức, cá nhân trong việc thực hiện TTHC.',
          'III. TỔ CHỨC THỰC HIỆN',
        ],
      ]),
    );
    expect(plan.tasks.map((task) => task.kinds)).toEqual([['contest'], ['survey']]);
  });

  it.each([
    ['without borders', false],
    ['with borders', true],
  ])(
    'reads a table whose cells wrap over lines and a page as one row a task, each cell whole (%s)',
    async (_, bordered) => {
      const plan = await importPlanPdf(writePdf(wrappedPlan(bordered)));
      expect(plan).toMatchObject({
        number: '12/KH-UBND',
        title: 'Tuyên truyền cải cách hành chính huyện Cẩm Xuyên năm 2022',
        issuer: 'ỦY BAN NHÂN DÂN HUYỆN CẨM XUYÊN',
        year: 2022,
        issuedOn: '2022-01-15',
      });
      expect(plan.tasks.map((task) => [task.ordinal, task.title])).toEqual([
        ['1', 'Xây dựng chuyên mục “Cải cách hành chính” trên Trang thông tin điện tử của huyện và các xã, thị trấn'],
        ['2', 'Phát thanh chuyên mục cải cách hành chính trên hệ thống loa truyền thanh cơ sở'],
        ['3', 'Tổ chức Hội nghị tập huấn nghiệp vụ công tác cải cách hành chính cho cán bộ, công chức cấp xã'],
        ['4', 'Niêm yết công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả'],
        ['5', 'Tổ chức Cuộc thi tìm hiểu về cải cách hành chính trên địa bàn huyện năm 2022'],
        [
          '6',
          'Khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước trên địa bàn huyện',
        ],
        ['7', 'Tuyên truyền về cải cách hành chính trên Đài Truyền thanh - Truyền hình huyện'],
      ]);
      const byOrdinal = new Map(plan.tasks.map((task) => [task.ordinal, task]));
      // Each one-line target, timing and budget stays beside its own long title.
      expect(byOrdinal.get('1')).toMatchObject({
        products: ['Chuyên mục “Cải cách hành chính” trên Trang TTĐT huyện', 'Tin, bài về CCHC trên Trang TTĐT các xã'],
        lead: ['Văn phòng HĐND và UBND huyện'],
        target: { count: 1, per: 'month' },
        budgetVnd: 20_000_000,
      });
      expect(byOrdinal.get('2')).toMatchObject({
        lead: ['UBND các xã, thị trấn'],
        target: { count: 1, per: 'week' },
        budgetVnd: null,
        kinds: ['broadcast'],
      });
      expect(byOrdinal.get('3')).toMatchObject({
        window: { from: '2022-04-01', to: '2022-06-30' },
        budgetVnd: 15_000_000,
      });
      expect(byOrdinal.get('3')?.kinds).toContain('training');
      expect(byOrdinal.get('4')?.lead).toEqual(['UBND các xã, thị trấn', 'Văn phòng HĐND và UBND huyện']);
      expect(byOrdinal.get('5')).toMatchObject({
        lead: ['Phòng Nội vụ'],
        cooperating: ['Phòng Văn hóa và Thông tin'],
        window: { from: '2022-07-01', to: '2022-09-30' },
        budgetVnd: 30_000_000,
      });
      expect(byOrdinal.get('6')).toMatchObject({
        window: { from: '2022-10-01', to: '2022-10-31' },
        budgetVnd: 10_000_000,
      });
      expect(byOrdinal.get('7')).toMatchObject({
        lead: ['Trung tâm Văn hóa - Truyền thông huyện'],
        target: { count: 2, per: 'month' },
        budgetVnd: 12_000_000,
      });
      // The header was read and no row was stitched from lines left over.
      expect(plan.warnings).not.toContain(IMPORT_WARNINGS.noHeaderRow());
      for (const task of plan.tasks) expect(plan.warnings).not.toContain(IMPORT_WARNINGS.mergedRow(task.ordinal));
    },
  );

  it('gives the table of a wrapped PDF as one line a row to a reader of its text', async () => {
    const lines = (await pdfText(writePdf(wrappedPlan(false)))).split('\n');
    const row = lines.find((line) => line.startsWith('6\t'));
    expect(row?.split('\t')).toEqual([
      '6',
      'Khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước trên địa bàn huyện',
      '',
      'Phòng Nội vụ',
      'Tháng 10/2022',
      '10.000.000',
    ]);
    // The repeated header and the page number are not rows; what follows the table is prose again.
    expect(lines.filter((line) => line.startsWith('STT\t'))).toHaveLength(1);
    expect(lines.slice(-2)).toEqual([
      'Ghi chú: kinh phí thực hiện từ nguồn ngân sách huyện năm 2022 giao cho các cơ quan.',
      'Nơi nhận:\tTM. ỦY BAN NHÂN DÂN',
    ]);
  });

  it('reads a bordered table whose cells are centred vertically: a row is what lies between two borders', async () => {
    const table = (bordered: boolean) =>
      layoutTable({
        left: 40,
        top: 740,
        widths: WIDTHS,
        header: HEADER,
        centred: [0, 4],
        middle: true,
        bordered,
        rows: MIDDLE_ROWS,
      });
    const page = (bordered: boolean) => {
      const { placed, rules } = table(bordered);
      return {
        placed: [line(800, 'KẾ HOẠCH'), line(786, 'Tuyên truyền cải cách hành chính năm 2022'), ...placed],
        rules,
      };
    };
    const expected = [
      [
        '1',
        'Xây dựng chuyên mục “Cải cách hành chính” trên Trang thông tin điện tử của huyện và các xã, thị trấn',
        '01 lần/tháng',
      ],
      ['2', 'Phát thanh chuyên mục cải cách hành chính trên hệ thống loa truyền thanh cơ sở', '01 lần/tuần'],
      [
        '3',
        'Tổ chức Hội nghị tập huấn nghiệp vụ công tác cải cách hành chính cho cán bộ, công chức cấp xã',
        'Quý II/2022',
      ],
    ];
    const plan = await importPlanPdf(writePdf([page(true)]));
    expect(plan.tasks.map((task) => [task.ordinal, task.title, task.timing])).toEqual(expected);
    expect(plan.tasks.map((task) => task.lead)).toEqual([
      ['Văn phòng HĐND và UBND huyện'],
      ['UBND các xã, thị trấn'],
      ['Phòng Nội vụ'],
    ]);
    // Without borders the lines above a row's number cannot be told from the row before (a known limit).
    const unbordered = await importPlanPdf(writePdf([page(false)]));
    expect(unbordered.tasks.map((task) => task.title)).not.toEqual(expected.map(([, title]) => title));
  });

  it('reads a wrapped table without an STT column: a row starts where its cells start anew', async () => {
    const table = layoutTable({
      left: 40,
      top: 740,
      widths: [190, 150, 110],
      header: ['Nội dung công việc', 'Đơn vị thực hiện', 'Thời gian'],
      rows: [
        [
          'Đăng tải tin, bài về cải cách hành chính trên Trang thông tin điện tử của xã',
          'Công chức Văn phòng - Thống kê',
          'Hằng tháng',
        ],
        [
          'Phát thanh chuyên mục cải cách hành chính trên loa truyền thanh của xã',
          'Đài truyền thanh xã',
          '02 lần/tháng',
        ],
        ['Tập huấn kỹ năng tiếp nhận hồ sơ trực tuyến', 'UBND xã', 'Quý II/2023'],
      ],
    });
    const plan = await importPlanPdf(
      writePdf([
        { placed: [line(800, 'KẾ HOẠCH'), line(786, 'Tuyên truyền cải cách hành chính năm 2023'), ...table.placed] },
      ]),
    );
    expect(plan.tasks.map((task) => [task.title, task.lead, task.timing])).toEqual([
      [
        'Đăng tải tin, bài về cải cách hành chính trên Trang thông tin điện tử của xã',
        ['Công chức Văn phòng - Thống kê'],
        'Hằng tháng',
      ],
      [
        'Phát thanh chuyên mục cải cách hành chính trên loa truyền thanh của xã',
        ['Đài truyền thanh xã'],
        '02 lần/tháng',
      ],
      ['Tập huấn kỹ năng tiếp nhận hồ sơ trực tuyến', ['UBND xã'], 'Quý II/2023'],
    ]);
  });

  it('refuses a scan (no text layer) in words', async () => {
    const scan = writePdf([null, null]);
    await expect(importPlanPdf(scan)).rejects.toThrow(PlanFileError);
    await expect(importPlanPdf(scan)).rejects.toThrow(PLAN_FILE_MESSAGES.scannedPdf);
  });

  it('refuses a file that is not a PDF in words', async () => {
    await expect(importPlanPdf(Buffer.from('không phải PDF'))).rejects.toThrow(PLAN_FILE_MESSAGES.brokenPdf);
  });
});

const WIDTHS = [35, 200, 150, 140, 90, 95];
const HEADER = [
  'STT',
  'Nội dung nhiệm vụ',
  'Sản phẩm',
  'Cơ quan chủ trì',
  'Thời gian thực hiện',
  'Dự kiến kinh phí (đồng)',
];
const line = (y: number, text: string, x = 40): PlacedText => ({ x, y, text });

// A district's plan whose appendix table (a landscape page and a half) wraps long titles over up to
// four lines beside one-line leads, timings and budgets, under sections whose titles are merged
// across the row; task 6 runs on over the page break, below the repeated header and the page number.
const firstPage = (bordered: boolean) =>
  layoutTable({
    left: 40,
    top: 690,
    widths: WIDTHS,
    header: HEADER,
    centred: [0, 4],
    bordered,
    rows: [
      [
        'I',
        'TUYÊN TRUYỀN TRÊN CÁC PHƯƠNG TIỆN THÔNG TIN ĐẠI CHÚNG, TRÊN CỔNG THÔNG TIN ĐIỆN TỬ CỦA HUYỆN, TRANG THÔNG TIN ĐIỆN TỬ CỦA CÁC XÃ, THỊ TRẤN VÀ LOA TRUYỀN THANH CƠ SỞ',
      ],
      [
        '1',
        'Xây dựng chuyên mục “Cải cách hành chính” trên Trang thông tin điện tử của huyện và các xã, thị trấn',
        '- Chuyên mục “Cải cách hành chính” trên Trang TTĐT huyện;\n- Tin, bài về CCHC trên Trang TTĐT các xã',
        'Văn phòng HĐND và UBND huyện',
        'Hằng tháng',
        '20.000.000',
      ],
      [
        '2',
        'Phát thanh chuyên mục cải cách hành chính trên hệ thống loa truyền thanh cơ sở',
        '',
        'UBND các xã, thị trấn',
        '01 lần/tuần',
        '',
      ],
      ['II', 'TẬP HUẤN, HỘI NGHỊ, CUỘC THI VÀ KHẢO SÁT VỀ CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN HUYỆN'],
      [
        '3',
        'Tổ chức Hội nghị tập huấn nghiệp vụ công tác cải cách hành chính cho cán bộ, công chức cấp xã',
        '',
        'Phòng Nội vụ',
        'Quý II/2022',
        '15.000.000',
      ],
      [
        '4',
        'Niêm yết công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả',
        '',
        'UBND các xã, thị trấn; Văn phòng HĐND và UBND huyện',
        'Thường xuyên',
        '',
      ],
      [
        '5',
        'Tổ chức Cuộc thi tìm hiểu về cải cách hành chính trên địa bàn huyện năm 2022',
        '',
        'Phòng Nội vụ phối hợp với Phòng Văn hóa và Thông tin',
        'Quý III/2022',
        '30.000.000',
      ],
      [
        '6',
        'Khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của',
        '',
        'Phòng Nội vụ',
        'Tháng 10/2022',
        '10.000.000',
      ],
    ],
  });
const secondPage = (bordered: boolean) =>
  layoutTable({
    left: 40,
    top: 780,
    widths: WIDTHS,
    header: HEADER,
    centred: [0, 4],
    bordered,
    rows: [
      ['', 'cơ quan hành chính nhà nước trên địa bàn huyện', '', '', '', ''],
      [
        '7',
        'Tuyên truyền về cải cách hành chính trên Đài Truyền thanh - Truyền hình huyện',
        '',
        'Trung tâm Văn hóa - Truyền thông huyện',
        '02 tin, bài/tháng',
        '12.000.000',
      ],
    ],
  });
// The letterhead's underline is drawn on the first page too: it is not a table's border.
function wrappedPlan(bordered: boolean): PdfPage[] {
  const first = firstPage(bordered);
  const second = secondPage(bordered);
  return [
    {
      placed: [
        line(800, 'ỦY BAN NHÂN DÂN'),
        line(786, 'HUYỆN CẨM XUYÊN'),
        line(772, 'Số: 12/KH-UBND'),
        line(772, 'Cẩm Xuyên, ngày 15 tháng 01 năm 2022', 420),
        line(744, 'KẾ HOẠCH'),
        line(730, 'Tuyên truyền cải cách hành chính huyện Cẩm Xuyên năm 2022'),
        line(710, 'PHỤ LỤC: NHIỆM VỤ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2022'),
        ...first.placed,
      ],
      rules: [{ y: 782, x0: 50, x1: 110 }, ...first.rules],
    },
    {
      placed: [
        line(815, '2', 400),
        ...second.placed,
        line(second.bottom - 30, 'Ghi chú: kinh phí thực hiện từ nguồn ngân sách huyện năm 2022 giao cho các cơ quan.'),
        line(second.bottom - 58, 'Nơi nhận:'),
        line(second.bottom - 58, 'TM. ỦY BAN NHÂN DÂN', 520),
      ],
      rules: second.rules,
    },
  ];
}

const MIDDLE_ROWS = [
  [
    '1',
    'Xây dựng chuyên mục “Cải cách hành chính” trên Trang thông tin điện tử của huyện và các xã, thị trấn',
    '',
    'Văn phòng HĐND và UBND huyện',
    '01 lần/tháng',
    '20.000.000',
  ],
  [
    '2',
    'Phát thanh chuyên mục cải cách hành chính trên hệ thống loa truyền thanh cơ sở',
    '',
    'UBND các xã, thị trấn',
    '01 lần/tuần',
    '',
  ],
  [
    '3',
    'Tổ chức Hội nghị tập huấn nghiệp vụ công tác cải cách hành chính cho cán bộ, công chức cấp xã',
    '',
    'Phòng Nội vụ',
    'Quý II/2022',
    '15.000.000',
  ],
];
