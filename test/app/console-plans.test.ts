import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import {
  base64Of,
  draftFromImport,
  draftFromPlan,
  planInputOf,
  planOfDraft,
  problemsOf,
} from '../../src/app/console/plan-draft';
import { openAppDatabase } from '../../src/app/db/database';
import { ConsoleApi } from '../../src/app/sync/console-api';
import { enrollDevice, runSync } from '../../src/app/sync/sync-client';
import type { Plan } from '../../src/shared/plan';
import { importPlanText } from '../../src/shared/plan-import/import-plan';
import { makeCode, seedCommune, startTestServer, transportFor } from './support/server';
import { PLANS_DIR } from '../support/sources';

// Each real plan goes through the console's path (browser importer, review draft, an edit,
// publish over the supervisor API), and the commune's phone picks it up at its next sync;
// a revision reaches the phone as version 2.
const planFiles = readdirSync(PLANS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();

let server: Awaited<ReturnType<typeof startTestServer>>;
let ids: Awaited<ReturnType<typeof seedCommune>>;
let api: ConsoleApi;
let phone: ReturnType<typeof openAppDatabase>;
const published = new Map<string, Plan>();

beforeAll(async () => {
  server = await startTestServer();
  ids = await seedCommune(server);
  const { transport } = transportFor(server.app);
  const officer = openAppDatabase('console-officer');
  const enrolled = await enrollDevice(officer, transport, await makeCode(server, ids.province, 'supervisor'), 'Máy Sở');
  api = new ConsoleApi(transport, enrolled.token);
  phone = openAppDatabase('console-commune-phone');
  await enrollDevice(phone, transportFor(server.app).transport, await makeCode(server, ids.commune), 'Máy xã');
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('plans from the console reach the phones', () => {
  it.each(planFiles)('%s: import, edit a task, publish', async (file) => {
    const units = await api.listUnits();
    const root = units.find((u) => u.id === ids.province)!;
    const imported = importPlanText(readFileSync(`${PLANS_DIR}/${file}`, 'utf8'));
    let draft = draftFromImport(imported, root, units);
    expect(draft.tasks).toHaveLength(imported.tasks.length);
    if (draft.tasks.length === 0) {
      // A plan without a task list (Đắk Lắk 2021): the officer types the one task it implies.
      draft = {
        ...draftFromPlan({ ...planOfDraft(draft, ''), tasks: [] }),
        tasks: [
          {
            id: crypto.randomUUID(),
            ordinal: '1',
            title: 'Tuyên truyền CCHC trên loa truyền thanh xã',
            products: [],
            lead: ['UBND cấp xã'],
            cooperating: [],
            timing: 'Thường xuyên',
            window: null,
            deadline: null,
            target: null,
            budgetVnd: null,
            kinds: ['broadcast'],
            notes: null,
            budgetText: null,
            warnings: [],
            source: null,
          },
        ],
      };
    }
    // The edit: the first task asks twice a month, at least, of every commune of the province.
    const first = draft.tasks[0]!;
    draft = {
      ...draft,
      tasks: draft.tasks.map((t, i) => (i === 0 ? { ...t, target: { count: 2, per: 'month', atLeast: true } } : t)),
      assignments: [
        ...draft.assignments.filter((a) => a.taskId !== first.id),
        { taskId: first.id, unitId: root.id, unitKind: 'commune' },
      ],
    };
    expect(problemsOf(draft)).toEqual([]);
    const { id: _id, version: _v, status: _s, publishedAt: _p, ...input } = planOfDraft(draft, '');
    const saved = await api.createPlan(input);
    expect(saved.status).toBe('draft');
    const done = await api.publishPlan(saved.id);
    expect(done).toMatchObject({ status: 'published', version: 1 });
    expect(done.tasks).toHaveLength(draft.tasks.length);
    expect(done.tasks[0]!.target).toEqual({ count: 2, per: 'month', atLeast: true });
    expect(done.tasks.reduce((s, t) => s + (t.budgetVnd ?? 0), 0)).toBe(
      draft.tasks.reduce((s, t) => s + (t.budgetVnd ?? 0), 0),
    );
    published.set(file, done);

    await runSync(phone, transportFor(server.app).transport);
    const onPhone = await phone.plans.get(done.id);
    expect(onPhone?.version).toBe(1);
    expect(onPhone?.tasks[0]?.target).toEqual({ count: 2, per: 'month', atLeast: true });
  });

  it('the Hà Tĩnh appendix keeps its 1.000.000.000 đ through publishing', () => {
    const plan = published.get('ha-tinh-province-2020.txt')!;
    expect(plan.tasks.reduce((s, t) => s + (t.budgetVnd ?? 0), 0)).toBe(1_000_000_000);
  });

  it('a revision is a new version that the phone picks up at its next sync', async () => {
    const plan = published.get('cam-xuyen-district-2021.txt')!;
    const draft = draftFromPlan(plan);
    const revised = {
      ...draft,
      tasks: draft.tasks.map((t, i) => (i === 0 ? { ...t, title: `${t.title} (bổ sung)` } : t)),
    };
    const saved = await api.updatePlan(plan.id, planInputOf(planOfDraft(revised, plan.id)));
    expect(saved).toMatchObject({ id: plan.id, version: 2, status: 'draft' });
    // Until it is published, the phone keeps version 1.
    await runSync(phone, transportFor(server.app).transport);
    expect((await phone.plans.get(plan.id))?.version).toBe(1);
    await api.publishPlan(plan.id);
    await runSync(phone, transportFor(server.app).transport);
    const onPhone = await phone.plans.get(plan.id);
    expect(onPhone?.version).toBe(2);
    expect(onPhone?.tasks[0]?.title).toMatch(/\(bổ sung\)$/);
    // Task ids survive the revision, so entries logged against version 1 still count.
    expect(onPhone?.tasks.map((t) => t.id)).toEqual(plan.tasks.map((t) => t.id));
  });

  it('a .docx upload is read by the server importer from its Word table', async () => {
    const row = (cells: string[]) =>
      new TableRow({
        children: cells.map((text) => new TableCell({ children: [new Paragraph({ children: [new TextRun(text)] })] })),
      });
    const document = new Document({
      sections: [
        {
          children: [
            new Paragraph('ỦY BAN NHÂN DÂN HUYỆN CẨM XUYÊN'),
            new Paragraph('Số: 152/KH-UBND'),
            new Paragraph('KẾ HOẠCH'),
            new Paragraph('Tuyên truyền cải cách hành chính năm 2021'),
            new Table({
              rows: [
                row([
                  'TT',
                  'NHIỆM VỤ',
                  'SẢN PHẨM',
                  'CƠ QUAN CHỦ TRÌ',
                  'CƠ QUAN PHỐI HỢP',
                  'THỜI GIAN THỰC HIỆN',
                  'DỰ KIẾN KINH PHÍ',
                  'GHI CHÚ',
                ]),
                row([
                  '1',
                  'Tuyên truyền trên hệ thống Trạm truyền thanh cơ sở',
                  'Chuyên mục CCHC',
                  'UBND cấp xã',
                  'Phòng VH-TT',
                  'Thường xuyên trong năm 2021',
                  '30.000.000',
                  '',
                ]),
                row([
                  '2',
                  'Tuyên truyền tại các Điểm bưu điện văn hóa xã',
                  'Tài liệu CCHC',
                  'UBND các xã, thị trấn',
                  '',
                  'Quý III/2021',
                  '',
                  '',
                ]),
              ],
            }),
          ],
        },
      ],
    });
    const bytes = await Packer.toBuffer(document);
    const imported = await api.importPlan({ docxBase64: await base64Of(new Blob([new Uint8Array(bytes)])) });
    expect(imported.tasks.map((t) => t.title)).toEqual([
      'Tuyên truyền trên hệ thống Trạm truyền thanh cơ sở',
      'Tuyên truyền tại các Điểm bưu điện văn hóa xã',
    ]);
    expect(imported.tasks[0]?.budgetVnd).toBe(30_000_000);
    expect(imported.tasks[1]?.window).toEqual({ from: '2021-07-01', to: '2021-09-30' });
    const units = await api.listUnits();
    const root = units.find((u) => u.id === ids.province)!;
    const draft = draftFromImport(imported, root, units);
    expect(draft.assignments.map((a) => a.unitKind)).toEqual(['station', 'post_office']);
  });
});
