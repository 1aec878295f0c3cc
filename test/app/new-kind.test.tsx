import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAppDatabase, saveEntry } from '../../src/app/db/database';
import { blankValues, draftOf } from '../../src/app/pages/entry-values';
import { enrollDevice, runSync } from '../../src/app/sync/sync-client';
import { EntryForm, type FormValues } from '../../src/app/ui/entry-form';
import { describeFigures, describeTotals } from '../../src/app/ui/kind-text';
import { findAllFactRows } from '../../src/server/rollups/rollups.repository';
import type { ActivityKind, KindDefinition } from '../../src/shared/kinds';
import { mount, settle, typeInto } from './support/render';
import { makeCode, seedCommune, startTestServer, transportFor } from './support/server';

// Adding a kind is an edit to the kinds' definition and nothing else: this fixture adds one, and the
// test follows an entry of it from the form through sync, the server's roll-ups and report, to the
// three exported files.
const PODCAST = vi.hoisted(
  () =>
    ({
      id: 'podcast',
      label: { vi: 'Podcast', en: 'Podcast' },
      name: { vi: 'Chương trình podcast CCHC', en: 'Reform podcasts' },
      fields: [
        {
          type: 'number',
          name: 'episodes',
          integer: true,
          min: 1,
          max: 1000,
          default: 1,
          asked: true,
          label: { vi: 'Số tập', en: 'Episodes' },
          noun: { vi: 'Số tập podcast', en: 'The number of episodes' },
          unit: { vi: 'tập', en: 'episodes' },
        },
        {
          type: 'number',
          name: 'listeners',
          integer: true,
          min: 0,
          max: 1_000_000,
          default: 0,
          asked: true,
          label: { vi: 'Số lượt nghe', en: 'Listens' },
          noun: { vi: 'Số lượt nghe', en: 'The number of listens' },
          unit: { vi: 'lượt nghe', en: 'listens' },
        },
      ],
      countBy: 'episodes',
      sums: [
        {
          name: 'episodes',
          of: 'episodes',
          label: { vi: 'Tập podcast tuyên truyền CCHC', en: 'Podcast episodes' },
          unit: { vi: 'tập', en: 'episodes' },
          short: { vi: 'Podcast', en: 'Podcast' },
        },
        {
          name: 'listeners',
          of: 'listeners',
          label: { vi: 'Lượt nghe podcast', en: 'Podcast listens' },
          unit: { vi: 'lượt', en: 'listens' },
          short: { vi: 'Lượt nghe', en: 'Listens' },
        },
      ],
      usualFor: ['commune'],
      words: /podcast/u,
    }) as const satisfies KindDefinition,
);

vi.mock('../../src/shared/kinds', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/shared/kinds')>();
  const definitions = [...original.KIND_DEFINITIONS, PODCAST] as KindDefinition[];
  const byId = new Map(definitions.map((kind) => [kind.id, kind]));
  return {
    ...original,
    KIND_DEFINITIONS: definitions,
    ACTIVITY_KINDS: definitions.map((kind) => kind.id),
    REPORT_ORDER: [...original.REPORT_ORDER, 'podcast'],
    kindDefinition: (id: string) => byId.get(id),
    isKnownKind: (id: string) => byId.has(id),
  };
});

const podcast = 'podcast' as ActivityKind;
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('a kind added to the definition', () => {
  it('is logged on its form, synced, rolled up, reported and exported', async () => {
    const ids = await seedCommune(server);
    const db = openAppDatabase(`new-kind-${Date.now()}`);
    const net = transportFor(server.app);
    await enrollDevice(db, net.transport, await makeCode(server, ids.commune), 'Máy xã');

    // The form asks the kind's figures and refuses what its definition refuses.
    const onSave = vi.fn<(values: FormValues) => void>();
    const root = mount(
      <EntryForm
        kind={podcast}
        initial={blankValues('2021-07-08')}
        tasks={[]}
        heading="Ghi: Podcast"
        busy={false}
        message={null}
        canLocate={false}
        onLocate={async () => null}
        onSave={onSave}
        onCancel={() => {}}
      />,
    );
    expect(root.textContent).toContain('Số tập');
    expect(root.textContent).toContain('Số lượt nghe');
    typeInto(root, 'title', 'Podcast: nộp hồ sơ trực tuyến');
    typeInto(root, 'episodes', '0');
    await settle();
    (root.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await settle();
    expect(onSave).not.toHaveBeenCalled();
    expect(root.textContent).toContain('Số tập phải là số nguyên dương.');
    typeInto(root, 'episodes', '2');
    typeInto(root, 'listeners', '1250');
    await settle();
    (root.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await settle();
    expect(onSave).toHaveBeenCalledOnce();
    const draft = draftOf(podcast, onSave.mock.calls[0]![0], () => undefined);
    expect(draft.figures).toEqual({ episodes: 2, listeners: 1250 });
    const saved = await saveEntry(db, draft, new Date('2021-07-08T02:00:00Z'));
    expect(describeFigures(saved)).toBe('2 tập · 1.250 lượt nghe');

    // Sync: the server's schema takes the kind, and its roll-ups have the kind's own columns.
    const outcome = await runSync(db, net.transport);
    expect(outcome?.pushed).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    const rows = (await findAllFactRows(server.db)).filter((row) => row.kind === 'podcast');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ unit_id: ids.commune, entries: 1, count: 2, episodes: 2, listeners: 1250 });

    // The report of the district counts it on its own lines.
    const supervisor = openAppDatabase(`new-kind-supervisor-${Date.now()}`);
    const answer = await enrollDevice(
      supervisor,
      transportFor(server.app).transport,
      await makeCode(server, ids.district, 'supervisor'),
      'Máy huyện',
    );
    const auth = { authorization: `Bearer ${answer.token}` };
    const report = await server.app.inject({
      method: 'GET',
      url: `/api/v1/report?unitId=${encodeURIComponent(ids.district)}&period=2021-M07`,
      headers: auth,
    });
    expect(report.statusCode).toBe(200);
    const totals = (report.json() as { totals: Record<string, Record<string, number>> }).totals;
    expect(totals.podcast).toEqual({ episodes: 2, listeners: 1250 });
    expect(describeTotals('podcast', totals.podcast!)).toBe('2 tập · 1.250 lượt nghe');

    // And the three files state it under its own labels.
    const exported = (format: string) =>
      server.app.inject({
        method: 'GET',
        url: `/api/v1/report/export?unitId=${encodeURIComponent(ids.district)}&period=2021-M07&format=${format}`,
        headers: auth,
      });
    const docx = await exported('docx');
    expect(docx.statusCode).toBe(200);
    const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    expect(text).toMatch(/Tập podcast tuyên truyền CCHC\s+tập\s+2/);
    expect(text).toMatch(/Lượt nghe podcast\s+lượt\s+1\.250/);
    expect(text).toContain('Podcast (tập)');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exported('xlsx')).rawPayload as unknown as ArrayBuffer);
    const summary = workbook.getWorksheet('Tổng hợp')!;
    const line = summary.getRows(1, summary.rowCount)!.find((row) => row.getCell(2).value === 'Lượt nghe podcast');
    expect(line?.getCell(4).value).toBe(1250);

    const csv = (await exported('csv')).rawPayload.toString('utf8');
    expect(csv).toContain('Tập podcast tuyên truyền CCHC (tập),2');
    expect(csv).toContain('Lượt nghe (lượt)');
  });
});
