// The five real plans, imported whole and checked against values read off each document by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { taskSchema } from '../../../src/shared/plan';
import { type ImportedPlan, importPlanText } from '../../../src/shared/plan-import/import-plan';
import { squash } from '../../../src/shared/plan-import/normalize';

const read = (name: string) => readFileSync(new URL(`./plans/${name}.txt`, import.meta.url), 'utf8');
const PLAN_NAMES = [
  'cam-xuyen-district-2021',
  'ha-tinh-province-2020',
  'an-nhon-town-2023',
  'binh-dinh-province-2017',
  'dak-lak-home-affairs-2021',
] as const;

function byOrdinal(plan: ImportedPlan) {
  return (ordinal: string) => {
    const task = plan.tasks.find((t) => t.ordinal === ordinal);
    if (!task) throw new Error(`no task ${ordinal}`);
    return task;
  };
}

const Q = (year: number, quarter: number) => {
  const from = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
  const to = `${year}-${String(quarter * 3).padStart(2, '0')}-${quarter === 1 || quarter === 4 ? 31 : 30}`;
  return { from, to };
};

describe('every plan', () => {
  it.each(PLAN_NAMES)('%s gives tasks the console can publish by adding an id', (name) => {
    const plan = importPlanText(read(name));
    for (const task of plan.tasks) {
      const result = taskSchema.safeParse({ id: `t-${task.ordinal}`, ...task });
      expect(result.success, `${name} task ${task.ordinal}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it.each(PLAN_NAMES)('%s imports the same from decomposed (NFD) text with Windows line ends', (name) => {
    const text = read(name);
    expect(importPlanText(text.normalize('NFD').replace(/\n/g, '\r\n'))).toEqual(importPlanText(text));
  });

  it.each(PLAN_NAMES)('%s keeps the words each field was read from, as the plan writes them', (name) => {
    const plan = importPlanText(read(name));
    // The document as the reader cleans it (dashes, ellipses and spaces made uniform), word by word.
    const bare = (word: string) => word.replace(/[.,;:]+$/, '');
    const words = new Set(squash(read(name)).split(' ').map(bare));
    let lines = 0;
    for (const task of plan.tasks) {
      for (const [field, text] of Object.entries(task.source)) {
        for (const line of text.split('\n').filter(Boolean)) {
          lines++;
          // A cell broken across a page is joined from its pieces, so a line need not stand in one
          // piece in the document; every word of it does, as written.
          const missing = line
            .split(' ')
            .map(bare)
            .filter((word: string) => word && !words.has(word));
          expect(missing, `${name} task ${task.ordinal} ${field}: ${line}`).toEqual([]);
        }
      }
      expect(task.source.timing.replace(/\n/g, '; ')).toBe(task.timing);
    }
    // Every task shows at least its title's or its timing's words.
    expect(lines).toBeGreaterThanOrEqual(plan.tasks.length);
  });

  it.each(PLAN_NAMES)('%s keeps every timing as written', (name) => {
    const plan = importPlanText(read(name));
    const squashed = read(name).normalize('NFC').replace(/\s+/g, ' ');
    for (const task of plan.tasks) {
      for (const part of task.timing.split('; ')) expect(squashed).toContain(part.replace(/^- /, ''));
    }
  });
});

describe('Cẩm Xuyên 2021: an appendix table with tabs between cells', () => {
  const plan = importPlanText(read('cam-xuyen-district-2021'));
  const task = byOrdinal(plan);

  it('reads the header', () => {
    expect(plan).toMatchObject({
      number: '152/KH-UBND',
      title: 'Tuyên truyền cải cách hành chính huyện Cẩm Xuyên năm 2021',
      issuer: 'UBND huyện Cẩm Xuyên',
      year: 2021,
      issuedOn: '2021-01-20',
    });
  });

  it('finds the ten numbered tasks; the un-numbered row joins task 2', () => {
    expect(plan.tasks.map((t) => t.ordinal)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(task('2').title).toBe(
      'Xây dựng chuyên mục CCHC trên Truyền thanh - Truyền hình huyện; Tuyên truyền văn bản chỉ đạo, hướng dẫn, TTHC trên Truyền thanh - Truyền hình huyện',
    );
    expect(task('2').products).toContain(
      'Tài liệu, đĩa CD, video, tờ rơi tuyên truyền CCHC, Trung tâm hành chính công huyện',
    );
    expect(task('2').lead).toEqual(['Đài TT-TH huyện']);
    expect(plan.warnings).toEqual([expect.stringContaining('Nhiệm vụ 2: dòng không đánh số')]);
  });

  it('reads targets and windows', () => {
    // "12CT; 01CT/tháng": one a month, twelve in all.
    expect(task('2').target).toEqual({ count: 1, per: 'month', atLeast: false, total: 12 });
    expect(task('2').timing).toBe(
      'Số lượng và tần suất phát sóng truyền thanh: 12CT; 01CT/tháng; Thường xuyên trong năm 2021',
    );
    expect(task('8').window).toEqual(Q(2021, 3));
    expect(task('10').window).toEqual(Q(2021, 3));
    for (const ordinal of ['1', '3', '4', '5', '6', '7', '9']) {
      expect(task(ordinal), ordinal).toMatchObject({ window: null, deadline: null, target: null });
    }
    expect(plan.tasks.every((t) => t.deadline === null)).toBe(true);
  });

  it('keeps budgets in words as notes', () => {
    expect(plan.tasks.every((t) => t.budgetVnd === null)).toBe(true);
    expect(task('2').notes).toContain('Theo dự trù riêng');
    expect(task('5').notes).toContain('Các xã, thị trấn chủ động bố trí');
    expect(task('9').notes).toContain('Theo dự trù riêng');
    expect(task('4').notes).toBeNull();
  });

  it('proposes kinds from the words of each task', () => {
    // "Chuyên mục trên Đài TT-TH huyện": the district's radio-TV, not the commune loudspeakers.
    expect(task('2').kinds).toContain('radio_tv');
    expect(task('5').kinds).toContain('broadcast');
    expect(task('3').kinds).toEqual(['article']);
    expect(task('7').kinds).toEqual(['visual']);
    expect(task('8').kinds).toContain('contest');
    expect(task('9').kinds).toEqual(['other']);
  });
});

describe('Hà Tĩnh 2020: an appendix table exported one cell a line', () => {
  const plan = importPlanText(read('ha-tinh-province-2020'));
  const task = byOrdinal(plan);

  it('reads the header from the title and the annex note', () => {
    expect(plan).toMatchObject({
      number: '444/KH-UBND',
      title: 'Tuyên truyền cải cách hành chính tỉnh Hà Tĩnh năm 2020',
      issuer: 'ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH',
      year: 2020,
      issuedOn: '2019-12-16',
    });
  });

  it('finds 22 tasks, each numbered row its own task, and splits the part of row 21 with its own target', () => {
    expect(plan.tasks.map((t) => t.ordinal)).toEqual([
      ...Array.from({ length: 20 }, (_, i) => String(i + 1)),
      '21a',
      '21b',
      '22',
    ]);
    expect(task('3').title).toBe(
      'Xây dựng các chuyên trang, chuyên mục trên Báo Hà Tĩnh, Đài Phát thanh -Truyền hình tỉnh – Chuyên mục “Cải cách hành chính” trên Đài Phát thanh - Truyền hình Hà Tĩnh',
    );
    expect(task('5').title).toMatch(/– Chương trình “Gặp gỡ và đối thoại”/);
    expect(task('21a').title).toMatch(/^Tuyên truyền trên hệ thống Trạm truyền thanh cơ sở – Tiếp phát sóng/);
    expect(task('21a')).toMatchObject({ timing: 'Tiếp phát thường xuyên', target: null });
    // "Nêu gương người tốt, việc tốt … (01 mục/1tháng)": a product of its own with its own target.
    expect(task('21b')).toMatchObject({
      title:
        'Tuyên truyền trên hệ thống Trạm truyền thanh cơ sở – Nêu gương người tốt, việc tốt về cải cách hành chính trên địa bàn',
      products: ['Nêu gương người tốt, việc tốt về cải cách hành chính trên địa bàn'],
      lead: ['UBND các xã, phường, thị trấn'],
      target: { count: 1, per: 'month', atLeast: false },
      budgetVnd: null,
    });
    expect(task('3').kinds).toEqual(['radio_tv']);
  });

  it('tells each channel of a shared title apart by its own product', () => {
    // The newspaper's column is the newspaper's; a programme called "Gặp gỡ và đối thoại" on the
    // province's radio-TV is no meeting.
    expect(task('2').kinds).toEqual(['press']);
    expect(task('5').kinds).toEqual(['radio_tv']);
    expect(task('19').kinds).toEqual(['radio_tv']);
    expect(task('20').kinds).toEqual(['broadcast', 'material']);
    expect(task('21a').kinds).toContain('broadcast');
    expect(task('21b').kinds).toEqual(['broadcast']);
  });

  it('reads every target', () => {
    const targets = Object.fromEntries(plan.tasks.map((t) => [t.ordinal, t.target]));
    expect(targets).toEqual({
      ...Object.fromEntries(plan.tasks.map((t) => [t.ordinal, null])),
      '3': { count: 15, per: 'year', atLeast: false },
      '4': { count: 1, per: 'quarter', atLeast: false, total: 4 },
      '5': { count: 1, per: 'quarter', atLeast: false, total: 4 },
      '9': { count: 1, per: 'year', atLeast: true },
      '19': { count: 4, per: 'month', atLeast: false, total: 48 },
      '20': { count: 1, per: 'quarter', atLeast: false },
      '21b': { count: 1, per: 'month', atLeast: false },
    });
  });

  it('reads every window; no task has a deadline', () => {
    const windows = Object.fromEntries(plan.tasks.filter((t) => t.window).map((t) => [t.ordinal, t.window]));
    expect(windows).toEqual({
      '7': { from: '2020-10-01', to: '2020-10-31' },
      '16': Q(2020, 2),
      '22': { from: '2020-01-01', to: '2020-12-31' },
    });
    expect(task('22').timing).toBe('Từ Qúy I/2020');
    expect(plan.tasks.every((t) => t.deadline === null)).toBe(true);
  });

  it('reads budgets that add up to 1.000.000.000 đồng, one of them split over lines', () => {
    const budgets = Object.fromEntries(
      plan.tasks.filter((t) => t.budgetVnd !== null).map((t) => [t.ordinal, t.budgetVnd]),
    );
    expect(budgets).toEqual({
      '2': 50_000_000,
      '3': 70_000_000,
      '6': 50_000_000,
      '7': 100_000_000,
      '8': 150_000_000,
      '12': 30_000_000,
      '13': 100_000_000,
      '14': 70_000_000,
      '15': 100_000_000,
      '16': 60_000_000,
      '17': 30_000_000,
      '18': 70_000_000,
      '20': 120_000_000,
    });
    expect(plan.tasks.reduce((sum, t) => sum + (t.budgetVnd ?? 0), 0)).toBe(1_000_000_000);
    expect(task('4').notes).toBe('Kinh phí: Lồng gép cùng các nội dung trong Kế hoạch của Đài');
    expect(task('19').notes).toBe('Kinh phí: Huyện, thành phố, thị xã bố trí');
    expect(task('21a').notes).toBe('Kinh phí: Phường, xã, thị trấn chủ động bố trí');
    // The review shows the cell as written beside the amount read from it.
    expect(task('4').source.budget).toBe('Lồng gép cùng các nội dung trong Kế hoạch của Đài');
    expect(task('2').source.budget).toContain('50.000.000');
  });

  it('takes the year the tasks run in when the appendix is pasted alone (issued 16/12/2019 for 2020)', () => {
    const text = read('ha-tinh-province-2020');
    const appendix = importPlanText(text.slice(text.indexOf('PHỤ LỤC')));
    expect(appendix.issuedOn).toBe('2019-12-16');
    expect(appendix.year).toBe(2020);
    expect(appendix.warnings).toContain(
      'Tên kế hoạch không ghi năm; phần lớn nhiệm vụ thực hiện trong năm 2020 nên lấy năm kế hoạch là 2020 (không theo năm 2019 của ngày ban hành), cần kiểm tra.',
    );
    // The tasks are then not each flagged as lying outside the plan's year.
    expect(appendix.warnings.filter((w) => w.includes('nằm ngoài năm kế hoạch'))).toEqual([]);
    expect(appendix.tasks).toEqual(plan.tasks);
  });

  it('warns about the timing it cannot read and the titles it carried on', () => {
    expect(task('11').timing).toBe('Định kỳ theo lịch Ban Tuyên giáo Tỉnh ủy');
    expect(plan.warnings).toContain(
      'Nhiệm vụ 11: chưa hiểu thời gian thực hiện "Định kỳ theo lịch Ban Tuyên giáo Tỉnh ủy"; đã giữ nguyên, cần nhập thời hạn hoặc chỉ tiêu bằng tay.',
    );
    for (const ordinal of ['3', '4', '5', '21a']) {
      expect(plan.warnings.some((w) => w.startsWith(`Nhiệm vụ ${ordinal}: ô nhiệm vụ để trống`))).toBe(true);
    }
    expect(plan.warnings).toContain(
      'Nhiệm vụ 21b: tách từ dòng 21 vì phần này ghi chỉ tiêu riêng (01 mục/1tháng); cần kiểm tra tên và chỉ tiêu.',
    );
    expect(plan.warnings).toHaveLength(6);
  });
});

describe('An Nhơn 2023: a five-column table broken across pages', () => {
  const plan = importPlanText(read('an-nhon-town-2023'));
  const task = byOrdinal(plan);

  it('reads the header of a plan whose number and date were left blank for signing', () => {
    expect(plan).toMatchObject({
      number: null,
      title: 'Truyền thông về công tác cải cách hành chính nhà nước trên địa bàn thị xã An Nhơn năm 2023',
      issuer: 'ỦY BAN NHÂN DÂN THỊ XÃ AN NHƠN',
      year: 2023,
      issuedOn: null,
    });
  });

  it('finds six tasks and joins the row broken across the page into task 1', () => {
    expect(plan.tasks.map((t) => t.ordinal)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(task('1').title).toBe(
      'Tuyên truyền kết quả Chỉ số cải cách hành chính; Chỉ số đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước; Chỉ số năng lực cạnh tranh của tỉnh, thị xã trên hệ thống Đài Truyền thanh của thị xã từ thị xã đến các xã, phường; Trang thông tin điện tử thị xã và các cơ quan, đơn vị (nếu có)',
    );
    expect(task('1').lead).toEqual([
      'Văn phòng HĐND và UBND thị xã',
      'Phòng Nội vụ',
      'Trung tâm Văn hóa – Thông tin – Thể thao thị xã',
    ]);
    // Two bodies in one cell: the agencies and the communes' UBND (a kind of unit).
    expect(task('1').cooperating).toEqual(['Các cơ quan, đơn vị', 'UBND các xã, phường']);
    expect(plan.warnings).toEqual([]);
  });

  it('reads "Hoàn thành chậm nhất trước 15/12/2023" as a deadline of 14/12/2023', () => {
    for (const ordinal of ['4', '5']) {
      expect(task(ordinal)).toMatchObject({ deadline: '2023-12-14', window: null, target: null });
    }
    for (const ordinal of ['1', '2', '3', '6']) {
      expect(task(ordinal)).toMatchObject({ timing: 'Thường xuyên', window: null, deadline: null, target: null });
    }
    expect(task('4').kinds).toEqual(['training']);
  });
});

describe('Bình Định 2017: tasks written as prose', () => {
  const plan = importPlanText(read('binh-dinh-province-2017'));
  const task = byOrdinal(plan);

  it('reads the header from the decision that issues the plan', () => {
    expect(plan).toMatchObject({
      number: '814/QĐ-UBND',
      title: 'TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH TỈNH BÌNH ĐỊNH NĂM 2017',
      issuer: 'Chủ tịch UBND tỉnh Bình Định',
      year: 2017,
      issuedOn: '2017-03-13',
    });
  });

  it('finds the seven tasks of section III and none of section IV', () => {
    expect(plan.tasks.map((t) => t.ordinal)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(task('3').title).toBe('Tổ chức đối thoại với tổ chức, cá nhân và doanh nghiệp');
    expect(plan.warnings).toEqual([]);
  });

  it('reads windows from "a. Thời gian thực hiện"', () => {
    expect(task('1')).toMatchObject({ timing: 'Quý I, II năm 2017', window: { from: '2017-01-01', to: '2017-06-30' } });
    expect(task('5')).toMatchObject({ timing: 'Quý III năm 2017', window: Q(2017, 3) });
    for (const ordinal of ['2', '3', '4', '6', '7']) {
      expect(task(ordinal)).toMatchObject({ timing: 'Thường xuyên trong năm 2017', window: null, target: null });
    }
  });

  it('reads the lead from "Cơ quan chủ trì" or "Cơ quan thực hiện" and the content into notes', () => {
    expect(task('5').lead).toEqual(['Sở Nội vụ']);
    expect(task('5').cooperating).toEqual(['Liên đoàn Lao động tỉnh']);
    expect(task('4').lead).toEqual(['Đài Phát thanh và Truyền hình Bình Định', 'Báo Bình Định']);
    expect(task('7').lead[0]).toBe('Sở Thông tin và Truyền thông');
    expect(task('2').notes).toMatch(/^Nội dung: - Các cơ quan, đơn vị phải thực hiện niêm yết công khai/);
    expect(task('1').notes).toBeNull();
    expect(task('5').kinds).toEqual(['contest']);
    expect(task('6').kinds).toEqual(['training', 'meeting']);
  });
});

describe('Đắk Lắk 2021: a plan with no task table', () => {
  const plan = importPlanText(read('dak-lak-home-affairs-2021'));

  it('imports the header', () => {
    expect(plan).toMatchObject({
      number: null,
      title: 'Tuyên truyền cải cách hành chính năm 2021 của Sở Nội vụ',
      issuer: 'Sở Nội vụ',
      year: 2021,
      issuedOn: null,
    });
  });

  it('lists the tasks a person reads off its lists of forms and content', () => {
    // Written by hand from the plan: the five items of "2. Các hình thức tuyên truyền" (publishing
    // the procedures, updating them on the website, a contest, a satisfaction survey, banners) and
    // the one clause of the content list that names a channel (Zalo, Facebook, Youtube). The other
    // content items are topics ("Tuyên truyền, phổ biến các Nghị quyết…"), not tasks.
    const listed = plan.tasks.map((t) => [t.title, t.kinds]);
    expect(listed).toEqual([
      [
        'Tăng cường ứng dụng công nghệ thông tin, truyền thông trong công tác tuyên truyền về CCHC, phát huy và khai thác có hiệu quả các tiện ích của mạng xã hội có nhiều người dùng (như Zalo, Facebook, Youtube...) trong việc tuyên truyền về các nội dung CCHC tại địa phương và tại đơn vị',
        ['social'],
      ],
      ['Nội dung các TTHC được công khai phải đầy đủ và đảm bảo đúng quy định pháp luật hiện hành', ['other']],
      [
        'Thường xuyên cập nhật các TTHC đã được sửa đổi, bổ sung hoặc bãi bỏ lên Trang thông tin điện tử của Sở',
        ['article'],
      ],
      [
        'Tổ chức Cuộc thi tìm hiểu chính sách, pháp luật về CCHC; thi tìm kiếm sáng kiến, giải pháp CCHC hoặc thực hiện các tiêu phẩm sân khấu có chứa nội dung tuyên truyền về CCHC',
        ['contest'],
      ],
      ['Khảo sát mức độ hài lòng của tổ chức, cá nhân trong việc thực hiện TTHC', ['survey']],
      [
        'Thông tin bằng các hình thức băng rôn, khẩu hiệu, Panô... với các khẩu hiệu, thông điệp bằng hình ảnh trực quan sinh động, dễ đọc, dễ nắm bắt, dễ thực hiện',
        ['visual'],
      ],
    ]);
    expect(plan.tasks.map((t) => t.ordinal)).toEqual(['1', '2', '3', '4', '5', '6']);
    // The rest of an item is kept as its content.
    expect(plan.tasks[1]!.notes).toBe('Nội dung: Hình thức công khai rõ ràng, thuận lợi cho việc tra cứu');
  });

  it('says once where the tasks came from, not once a task', () => {
    expect(plan.warnings).toEqual([
      'Kế hoạch không có bảng nhiệm vụ: 6 nhiệm vụ được lấy từ các gạch đầu dòng về hình thức và nội dung tuyên truyền; cần kiểm tra, bổ sung thời gian, đơn vị chủ trì và chỉ tiêu.',
    ]);
  });
});

describe('Bình Định 2017: the tasks a person lists, written by hand', () => {
  const plan = importPlanText(read('binh-dinh-province-2017'));

  it('keeps the province in the issuer', () => {
    expect(plan.issuer).toBe('Chủ tịch UBND tỉnh Bình Định');
  });

  it('gives the seven tasks of section III with their leads, helpers, windows and kinds', () => {
    const H1 = { from: '2017-01-01', to: '2017-06-30' };
    const listed = plan.tasks.map((t) => [t.ordinal, t.lead, t.cooperating, t.window, t.kinds]);
    expect(listed).toEqual([
      ['1', ['Cơ quan hành chính nhà nước các cấp, đơn vị sự nghiệp trên địa bàn tỉnh'], [], H1, ['meeting']],
      [
        '2',
        ['Cơ quan hành chính nhà nước các cấp, đơn vị sự nghiệp (có thẩm quyền giải quyết thủ tục hành chính)'],
        [],
        null,
        ['article', 'material'],
      ],
      [
        '3',
        ['Sở Kế hoạch và Đầu tư', 'các sở, ngành có liên quan đến các lĩnh vực mà người dân, doanh nghiệp quan tâm'],
        [],
        null,
        ['meeting'],
      ],
      ['4', ['Đài Phát thanh và Truyền hình Bình Định', 'Báo Bình Định'], [], null, ['radio_tv', 'press']],
      ['5', ['Sở Nội vụ'], ['Liên đoàn Lao động tỉnh'], Q(2017, 3), ['contest']],
      [
        '6',
        ['Sở Nội vụ', 'các sở, ngành có liên quan đến các lĩnh vực về cải cách hành chính'],
        [],
        null,
        ['training', 'meeting'],
      ],
      [
        '7',
        ['Sở Thông tin và Truyền thông', 'các sở, ban, ngành tỉnh', 'UBND cấp huyện', 'UBND cấp xã'],
        [],
        null,
        ['broadcast', 'radio_tv', 'article'],
      ],
    ]);
    expect(plan.tasks.every((t) => t.budgetVnd === null && t.target === null && t.deadline === null)).toBe(true);
  });
});
