import { describe, expect, it } from 'vitest';
import { taskSchema } from '../../src/shared/plan';
import { importPlanDocx, readTables } from '../../src/server/plans/plan-docx';
import { buildPlanDocx, buildProsePlanDocx } from './plan-docx-fixture';

describe('importPlanDocx', () => {
  it('reads the header from the text and the tasks from the appendix table', async () => {
    const plan = await importPlanDocx(await buildPlanDocx());
    expect(plan).toMatchObject({
      number: '152/KH-UBND',
      title: 'Tuyên truyền cải cách hành chính huyện Cẩm Xuyên năm 2021',
      issuer: 'ỦY BAN NHÂN DÂN HUYỆN CẨM XUYÊN',
      year: 2021,
      issuedOn: '2021-01-20',
    });
    expect(plan.tasks.map((task) => task.ordinal)).toEqual(['1', '2', '3', '4', '5']);
    for (const task of plan.tasks) expect(taskSchema.safeParse({ id: task.ordinal, ...task }).success).toBe(true);
  });

  it('reads each task: targets, windows, deadlines, budgets, lists and the merged task cell', async () => {
    const plan = await importPlanDocx(await buildPlanDocx());
    const [first, second, third, fourth, fifth] = plan.tasks;
    expect(first).toMatchObject({
      products: ['Bộ TTHC được cập nhật đầy đủ, kịp thời', 'Báo cáo kết quả triển khai thực hiện'],
      lead: ['Phòng VH-TT'],
      cooperating: ['Văn phòng HĐND-UBND huyện', 'Phòng Tư pháp'],
      window: null,
      target: null,
      budgetVnd: null,
      notes: 'Kinh phí: Theo dự trù riêng',
      kinds: ['article'],
    });
    expect(second).toMatchObject({
      title: 'Xây dựng chuyên mục CCHC trên Truyền thanh - Truyền hình huyện',
      target: { count: 1, per: 'month', atLeast: false },
      budgetVnd: 50_000_000,
      // The district's radio-TV, not the commune loudspeakers.
      kinds: ['radio_tv'],
    });
    expect(third).toMatchObject({
      title:
        'Xây dựng chuyên mục CCHC trên Truyền thanh - Truyền hình huyện – Chuyên đề “Cẩm Xuyên nâng cao chỉ số hài lòng” trên Đài TT-TH huyện',
      target: { count: 1, per: 'quarter', atLeast: false },
      budgetVnd: 800_000,
    });
    expect(fourth).toMatchObject({
      timing: 'Qúy IV/2021',
      window: { from: '2021-10-01', to: '2021-12-31' },
      kinds: ['article', 'contest'],
    });
    expect(fifth).toMatchObject({
      deadline: '2021-12-14',
      window: null,
      notes: 'Mời đại diện doanh nghiệp\nKinh phí: Các xã, thị trấn chủ động bố trí',
      kinds: ['meeting'],
    });
    expect(plan.warnings).toEqual([expect.stringMatching(/^Nhiệm vụ 3: ô nhiệm vụ để trống/)]);
  });

  it('imports a document without a table from its prose', async () => {
    const plan = await importPlanDocx(await buildProsePlanDocx());
    expect(plan).toMatchObject({ number: '814/QĐ-UBND', year: 2017, issuedOn: '2017-03-13' });
    expect(plan.tasks).toHaveLength(2);
    expect(plan.tasks[0]).toMatchObject({
      lead: ['Sở Nội vụ'],
      cooperating: ['Liên đoàn Lao động tỉnh'],
      window: { from: '2017-07-01', to: '2017-09-30' },
      kinds: ['contest'],
    });
  });
});

describe('readTables', () => {
  it('spreads merged cells back out and decodes entities', () => {
    const html =
      '<table><tr><td rowspan="2"><p>A &amp; B</p></td><td colspan="2"><p>x</p><p>y</p></td></tr>' +
      '<tr><td>c</td><td>d&#7841;</td></tr></table><p>between</p><table><tr><td>1</td></tr></table>';
    expect(readTables(html)).toEqual([
      [
        ['A & B', 'x\ny', ''],
        ['', 'c', 'dạ'],
      ],
      [['1']],
    ]);
  });

  it('keeps a nested table as text of its cell', () => {
    const html = '<table><tr><td><p>outer</p><table><tr><td>inner</td></tr></table></td><td>2</td></tr></table>';
    expect(readTables(html)).toEqual([[['outer\ninner', '2']]]);
  });
});
