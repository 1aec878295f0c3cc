import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAppDatabase, saveEntry, writeMeta } from '../../src/app/db/database';
import { HomePage } from '../../src/app/pages/home-page';
import { blankValues, draftOf, valuesOf } from '../../src/app/pages/entry-values';
import { loadScope } from '../../src/app/db/queries';
import { type Services, ServicesContext } from '../../src/app/services';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import { today } from '../../src/app/today';
import { commitSave, optimisticEntry } from '../../src/app/pages/save-entry';
import { markSaving, useSaving } from '../../src/app/pages/saving';
import { EntryForm } from '../../src/app/ui/entry-form';
import { SyncBar } from '../../src/app/ui/sync-bar';
import { TaskCard } from '../../src/app/ui/task-card';
import { UpdateBanner } from '../../src/app/ui/update-banner';
import type { Plan } from '../../src/shared/plan';
import { mount, settle, typeInto, unmountAll } from './support/render';

afterEach(unmountAll);

describe('screens a person reads', () => {
  it('a task card says what is done, what is due and the status in words', () => {
    const root = mount(
      <TaskCard title="Tập huấn DVC trực tuyến" target={null} actual={0} total={1} due={0} status="on_track" />,
    );
    expect(root.textContent).toContain('Đã làm 0/1');
    expect(root.textContent).toContain('Chưa thực hiện');
    render(
      <TaskCard
        title="Chuyên mục CCHC"
        target={{ count: 8, per: 'month', atLeast: true }}
        actual={6}
        total={8}
        due={5}
        status="on_track"
      />,
      root,
    );
    expect(root.textContent).toContain('Đã làm 6/8');
    expect(root.textContent).toContain('8 lần/tháng');
    expect(root.textContent).toContain('Đúng tiến độ');
  });

  it('the sync bar counts waiting entries and says when the phone is offline', () => {
    const onSync = vi.fn();
    const root = mount(
      <SyncBar pending={2} lastSyncAt={null} running={false} error={null} online={false} onSync={onSync} />,
    );
    expect(root.textContent).toContain('2 mục chờ đồng bộ');
    expect(root.textContent).toContain('Chưa đồng bộ lần nào');
    expect(root.textContent).toContain('Không có mạng');
    (root.querySelector('button') as HTMLButtonElement).click();
    expect(onSync).toHaveBeenCalledOnce();
  });

  it('an update waits while entries are unsent', () => {
    const onApply = vi.fn();
    const root = mount(<UpdateBanner pending={3} onApply={onApply} onSync={() => {}} />);
    expect(root.textContent).toContain('Đã có phiên bản mới');
    expect(root.textContent).toContain('3 mục chưa gửi');
    expect(root.textContent).not.toContain('Cập nhật ngay');
  });

  it('the material form refuses a hand-out without copies, then saves it', async () => {
    const onSave = vi.fn();
    const root = mount(
      <EntryForm
        kind="material"
        initial={blankValues('2021-07-09')}
        tasks={[]}
        heading="Ghi: Tài liệu"
        busy={false}
        message={null}
        canLocate={false}
        onLocate={async () => null}
        onSave={onSave}
        onCancel={() => {}}
      />,
    );
    typeInto(root, 'title', 'Tờ gấp DVC');
    await settle();
    (root.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await settle();
    expect(onSave).not.toHaveBeenCalled();
    expect(root.textContent).toContain('Số bản phải là số nguyên dương.');
    typeInto(root, 'copies', '40');
    await settle();
    (root.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await settle();
    expect(onSave).toHaveBeenCalledOnce();
    const draft = draftOf('material', onSave.mock.calls[0]![0], () => undefined);
    expect(draft.figures).toEqual({ copies: 40, direction: 'distributed' });
  });

  it('"log again" copies a broadcast with today’s date', () => {
    const values = valuesOf(
      {
        date: '2021-07-02',
        title: 'Chuyên mục CCHC',
        figures: { sessions: 1, minutes: 10, source: 'relay', timeOfDay: 'sang' },
      },
      '2021-07-06',
    );
    expect(values).toMatchObject({ date: '2021-07-06', minutes: '10', source: 'relay', timeOfDay: 'sang' });
    expect(draftOf('broadcast', values, () => undefined).figures).toEqual({
      sessions: 1,
      minutes: 10,
      source: 'relay',
      timeOfDay: 'sang',
    });
  });
});

describe('saving shows the entry at once and never loses it', () => {
  it('a save that hits a full storage stays on screen with the reason and saves on retry', async () => {
    const db = openAppDatabase(`saving-${Date.now()}`);
    await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
    function Shown() {
      const items = useSaving();
      return (
        <p>
          {items
            .map((i) => `${i.entry.title}:${i.committed !== undefined ? 'saved' : (i.error ?? 'saving')}`)
            .join(';')}
        </p>
      );
    }
    const root = mount(<Shown />);
    const draft = {
      id: 'e0000000-0000-7000-8000-000000000001',
      kind: 'training' as const,
      date: '2021-07-08',
      title: 'Tập huấn',
      figures: { participants: 35 },
    };
    markSaving({
      entry: optimisticEntry(draft, draft.id, undefined, { deviceId: 'dev-1', unitId: 'c1' }),
      draft,
      error: null,
    });
    await settle();
    expect(root.textContent).toBe('Tập huấn:saving');
    const realAdd = db.outbox.add.bind(db.outbox);
    db.outbox.add = (() =>
      Promise.reject(new DOMException('quota', 'QuotaExceededError'))) as unknown as typeof db.outbox.add;
    await commitSave(db, draft, () => {});
    await settle();
    expect(root.textContent).toContain('Bộ nhớ máy đã đầy, mục này CHƯA được lưu');
    expect(await db.activities.count()).toBe(0);
    db.outbox.add = realAdd;
    await commitSave(db, draft, () => {});
    await settle();
    // Committed, it stays listed (marked) until the log has read it back from the database.
    expect(root.textContent).toBe('Tập huấn:saved');
    expect((await db.activities.get(draft.id))?.figures.participants).toBe(35);
  });
});

describe('home over the local database', () => {
  it('shows a training task turn from "chưa thực hiện" to "đã thực hiện" once an entry is logged', async () => {
    const db = openAppDatabase(`home-${Date.now()}`);
    const date = today();
    const year = Number(date.slice(0, 4));
    await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
    await db.units.bulkPut([
      { id: 'd1', code: '446', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
      { id: 'c1', code: '18673', name: 'Thị trấn Cẩm Xuyên', kind: 'commune', parentId: 'd1' },
    ]);
    const plan: Plan = {
      id: 'p1',
      unitId: 'd1',
      number: null,
      title: 'Kế hoạch',
      issuer: null,
      year,
      issuedOn: null,
      version: 1,
      status: 'published',
      publishedAt: null,
      tasks: [
        {
          id: 't1',
          ordinal: '1',
          title: 'Tập huấn dịch vụ công trực tuyến',
          products: [],
          lead: [],
          cooperating: [],
          timing: '',
          window: { from: `${year - 1}-12-15`, to: `${year}-12-31` },
          deadline: null,
          target: null,
          budgetVnd: null,
          kinds: ['training'],
          notes: null,
        },
      ],
      assignments: [{ taskId: 't1', unitId: 'd1', unitKind: 'commune' }],
    };
    await db.plans.put(plan);
    const transport = { fetch: (() => Promise.reject(new TypeError('offline'))) as typeof fetch, baseUrl: '' };
    const services: Services = { db, transport, scheduler: new SyncScheduler(db, transport) };
    const scope = await loadScope(db);
    const root = mount(
      <ServicesContext.Provider value={services}>
        <HomePage scope={scope} />
      </ServicesContext.Provider>,
    );
    await vi.waitFor(() => expect(root.textContent).toContain('Chưa thực hiện'), { timeout: 5000 });
    expect(root.textContent).toContain('Đã làm 0/1');
    await saveEntry(db, {
      kind: 'training',
      date,
      title: 'Tập huấn',
      taskId: 't1',
      planId: 'p1',
      figures: { participants: 35 },
    });
    await vi.waitFor(() => expect(root.textContent).toContain('Đã thực hiện'), { timeout: 5000 });
    expect(root.textContent).toContain('Đã làm 1/1');
    expect(root.querySelector('[data-testid=totals]')?.textContent).toContain('35 người');
    // "Log again" reads the newest entry in a query of its own, which may answer a moment later.
    await vi.waitFor(() => expect(root.textContent).toContain('Ghi lại: Tập huấn'), { timeout: 5000 });
  });
});
