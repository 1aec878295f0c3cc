import { afterEach, describe, expect, it } from 'vitest';
import type { Unit } from '../../src/shared/unit';
import { openPlanEditor } from './support/plan-editor';
import { settle, unmountAll } from './support/render';

// Issue 13, item 5: the review of an imported plan, for a province officer working through 22
// tasks: what the importer was unsure of first, the plan's words beside each parsed field, how
// many units each task reaches, and only the lead units assigned by default.

const province: Unit = { id: 'ht', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null };
const units: Unit[] = [
  province,
  ...[1, 2].flatMap((i): Unit[] => [
    { id: `c${i}`, code: `${i}`, name: `Xã Cẩm ${i}`, kind: 'commune', parentId: 'ht' },
    { id: `s${i}`, code: `${i}s`, name: `Trạm truyền thanh xã Cẩm ${i}`, kind: 'station', parentId: `c${i}` },
    { id: `p${i}`, code: `${i}p`, name: `Điểm BĐVHX Cẩm ${i}`, kind: 'post_office', parentId: `c${i}` },
  ]),
  // Merged away before the plan's year (2020): counted nowhere.
  { id: 'c9', code: '9', name: 'Xã Cũ', kind: 'commune', parentId: 'ht', validTo: '2019-12-31' },
  { id: 's9', code: '9s', name: 'Trạm truyền thanh xã Cũ', kind: 'station', parentId: 'c9', validTo: '2019-12-31' },
];

afterEach(unmountAll);

function openReview() {
  const { root, initial, latest } = openPlanEditor(province, units);
  const rows = () => [...root.querySelectorAll('tr.task-row')];
  const row = (ordinal: string) => rows().find((r) => r.querySelector('td.num')?.textContent === ordinal)!;
  const panel = () => root.querySelector('.task-panel')!;
  const field = (name: string) =>
    [...panel().querySelectorAll('.field')].find((f) => f.querySelector('.field-name')?.textContent === name)!;
  const open = async (ordinal: string) => {
    (row(ordinal).querySelector('button.row-open') as HTMLButtonElement).click();
    await settle();
  };
  const click = async (el: Element | null | undefined) => {
    (el as HTMLButtonElement).click();
    await settle();
  };
  const type = async (el: Element | null, value: string) => {
    const box = el as HTMLTextAreaElement;
    box.value = value;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
  };
  return { root, initial, latest, rows, row, panel, field, open, click, type };
}

describe('reviewing an imported plan', () => {
  it('lists what the importer was unsure of first, and opens the first of them', async () => {
    const r = openReview();
    await settle();
    const unsure = r.initial.tasks.filter((t) => t.warnings.length > 0);
    expect(unsure.length).toBeGreaterThan(0);
    // 22 numbered rows, row 21 split in two (its second part has a target of its own).
    expect(r.rows()).toHaveLength(23);
    const classes = r.rows().map((row) => row.classList.contains('has-warning'));
    expect(classes).toEqual([...unsure.map(() => true), ...Array(23 - unsure.length).fill(false)]);
    expect(r.root.textContent).toContain(`Cần xem lại trước (${unsure.length})`);
    expect(r.root.textContent).toContain(`Đã đọc rõ (${23 - unsure.length})`);
    // The first of them is open, its doubts at the top of the panel.
    expect((r.panel().querySelector('input.ordinal') as HTMLInputElement).value).toBe(unsure[0]!.ordinal);
    expect(r.panel().querySelector('.warnings-box')!.textContent).toContain(unsure[0]!.warnings[0]);
  });

  it('shows the plan words beside each field read from them', async () => {
    const r = openReview();
    await settle();
    await r.open('11');
    expect(r.field('Thời gian, chỉ tiêu').querySelector('.source')!.textContent).toContain(
      'Định kỳ theo lịch Ban Tuyên giáo Tỉnh ủy',
    );
    await r.open('2');
    expect(r.field('Kinh phí (đ)').querySelector('.source')!.textContent).toContain('50.000.000');
    expect((r.field('Kinh phí (đ)').querySelector('input') as HTMLInputElement).value).toBe('50.000.000');
    const task2 = r.initial.tasks.find((t) => t.ordinal === '2')!;
    expect(r.field('Chủ trì').querySelector('.source')!.textContent).toContain(task2.source!.lead.split('\n')[0]!);
    // An empty cell says so rather than showing nothing.
    await r.open('4');
    expect(r.field('Nhiệm vụ').querySelector('.source')!.textContent).toContain('(ô trống)');
  });

  it('says how many units each task reaches in the plan year', async () => {
    const r = openReview();
    await settle();
    // Task 21a: every station of the province; the one merged away before 2020 is not counted.
    expect(r.row('21a').textContent).toContain('2 trạm truyền thanh');
    await r.open('21a');
    expect(r.panel().querySelector('.assign-total')!.textContent).toBe('Tổng: 2 trạm truyền thanh');
  });

  it('assigns the lead units only, and offers the cooperating ones', async () => {
    const r = openReview();
    await settle();
    await r.click([...r.root.querySelectorAll('button')].find((b) => b.textContent?.includes('Thêm nhiệm vụ')));
    expect(r.panel().textContent).toContain('Nhiệm vụ thêm bằng tay');
    await r.type(r.panel().querySelector('textarea[aria-label="Nhiệm vụ"]'), 'Khảo sát mức độ hài lòng');
    await r.type(r.panel().querySelector('textarea[aria-label="Chủ trì"]'), 'Sở Nội vụ');
    await r.type(r.panel().querySelector('textarea[aria-label="Phối hợp"]'), 'UBND cấp xã');
    const added = r.latest().tasks.at(-1)!;
    expect(r.latest().assignments.filter((a) => a.taskId === added.id)).toEqual([]);
    expect(r.row('24').textContent).toContain('Chưa giao');
    const offer = r.panel().querySelector('.cooperating-offer button')!;
    expect(offer.textContent).toBe('Giao cả cho Mọi xã, phường, thị trấn thuộc Tỉnh Hà Tĩnh (2 xã)');
    await r.click(offer);
    expect(r.latest().assignments.filter((a) => a.taskId === added.id)).toEqual([
      { taskId: added.id, unitId: 'ht', unitKind: 'commune' },
    ]);
    expect(r.row('24').textContent).toContain('2 xã');
    expect(r.panel().querySelector('.cooperating-offer')).toBeNull();
  });

  it('steps from task to task in the list order, keeping every edit', async () => {
    const r = openReview();
    await settle();
    const order = r.rows().map((row) => row.querySelector('td.num')!.textContent);
    const next = () => [...r.panel().querySelectorAll('button')].find((b) => b.textContent?.includes('Nhiệm vụ sau'))!;
    const prev = () =>
      [...r.panel().querySelectorAll('button')].find((b) => b.textContent?.includes('Nhiệm vụ trước'))!;
    expect((prev() as HTMLButtonElement).disabled).toBe(true);
    await r.type(r.panel().querySelector('textarea[aria-label="Nhiệm vụ"]'), 'Tên mới');
    await r.click(next());
    expect((r.panel().querySelector('input.ordinal') as HTMLInputElement).value).toBe(order[1]);
    await r.click(prev());
    expect((r.panel().querySelector('textarea[aria-label="Nhiệm vụ"]') as HTMLTextAreaElement).value).toBe('Tên mới');
    await r.open(order.at(-1)!);
    expect((next() as HTMLButtonElement).disabled).toBe(true);
    expect(r.panel().textContent).toContain(`23/23`);
  });
});

describe('the plan review shows the indicators and the schedule the importer read', () => {
  it('lists the reporting schedule as read, and each indicator beside its definition, editable', async () => {
    const r = openReview();
    await settle();
    const schedule = r.root.querySelector('.plan-schedule')!;
    expect(schedule.textContent).toContain('Báo cáo định kỳ: Quý, 6 tháng, Năm');
    expect(schedule.textContent).toContain('định kỳ quý, 6 tháng, năm tổng hợp, báo cáo UBND tỉnh.');
    const rows = [...r.root.querySelectorAll('.plan-indicators tbody tr')];
    expect(rows).toHaveLength(r.initial.indicators.length);
    const stations = rows.find((row) =>
      (row.querySelector('textarea') as HTMLTextAreaElement).value.startsWith('100% trạm truyền thanh cơ sở'),
    )!;
    const [unitKind, activityKind, every] = [...stations.querySelectorAll('select')] as HTMLSelectElement[];
    expect([unitKind!.value, activityKind!.value, every!.value]).toEqual(['station', 'broadcast', 'month']);
    // A clause naming no kind of unit is flagged: it cannot be computed until the officer sets one.
    expect(r.root.querySelectorAll('.plan-indicators tr.has-warning').length).toBeGreaterThan(0);
    every!.value = 'quarter';
    every!.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    const edited = r.latest().indicators.find((i) => i.text.startsWith('100% trạm truyền thanh cơ sở'))!;
    expect(edited).toMatchObject({ unitKind: 'station', every: 'quarter' });
  });

  it('lets the officer judge a material indicator on what the points still hold, or on what they logged', async () => {
    const r = openReview();
    await settle();
    const rowOf = (start: string) =>
      [...r.root.querySelectorAll('.plan-indicators tbody tr')].find((row) =>
        (row.querySelector('textarea') as HTMLTextAreaElement).value.startsWith(start),
      )!;
    const select = (row: Element, label: string) =>
      row.querySelector(`select[aria-label="${label}"]`) as HTMLSelectElement;
    const choose = async (box: HTMLSelectElement, value: string) => {
      box.value = value;
      box.dispatchEvent(new Event('change', { bubbles: true }));
      await settle();
    };
    const points = () => rowOf('100% điểm Bưu điện văn hóa xã');
    const saved = () => r.latest().indicators.find((i) => i.text.startsWith('100% điểm Bưu điện văn hóa xã'))!;
    // "có tài liệu" was read as holding material: judged at the end of the period, not each quarter.
    expect(r.root.querySelector('.plan-indicators thead')!.textContent).toContain('Cách tính');
    expect(select(points(), 'Cách tính').value).toBe('held');
    expect(select(points(), 'Mỗi')).toBeNull();
    expect(points().textContent).toContain('Cuối kỳ báo cáo');
    // A broadcast can only be logged: no choice is offered.
    const stations = rowOf('100% trạm truyền thanh cơ sở');
    expect(select(stations, 'Cách tính')).toBeNull();
    expect(stations.textContent).toContain('Có ghi nhận hoạt động');

    await choose(select(points(), 'Cách tính'), 'logged');
    expect(saved()).not.toHaveProperty('measure');
    expect(select(points(), 'Mỗi').value).toBe('quarter');
    await choose(select(points(), 'Cách tính'), 'held');
    expect(saved()).toMatchObject({ activityKind: 'material', measure: 'held' });
    // Another kind of activity cannot be held: the indicator goes back to what is logged.
    await choose(select(points(), 'Ghi nhận loại hoạt động'), 'article');
    expect(saved()).toMatchObject({ activityKind: 'article' });
    expect(saved()).not.toHaveProperty('measure');
    expect(select(points(), 'Cách tính')).toBeNull();
  });
});
