import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app';
import { openAppDatabase, saveEntry, writeMeta } from '../../src/app/db/database';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Transport } from '../../src/app/sync/transport';
import { today } from '../../src/app/today';
import type { Plan } from '../../src/shared/plan';
import { mount, unmountAll, until } from './support/render';

// Issue 13 item 7: the station's home showed 4 broadcasts this period while its task card said
// "1/8": only entries linked to a task count toward it, and nothing said so. The card now says
// which entries count, opens them in the log, and links the unlinked ones on request.
afterEach(unmountAll);

describe('a task card and the entries that count toward it', () => {
  it('offers to link the period entries of its kind that count toward no task, then counts them', async () => {
    const db = openAppDatabase(`task-links-${Date.now()}`);
    const date = today();
    const year = Number(date.slice(0, 4));
    await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 's1', role: 'reporter' });
    await db.units.bulkPut([
      { id: 'p', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
      { id: 'c1', code: '18673', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: 'p' },
      { id: 's1', code: '', name: 'Trạm truyền thanh cơ sở Xã Cẩm Xuyên', kind: 'station', parentId: 'c1' },
    ]);
    const plan: Plan = {
      id: 'plan',
      unitId: 'p',
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
          id: 't5',
          ordinal: '5',
          title: 'Phát thanh CCHC trên loa truyền thanh cơ sở',
          products: [],
          lead: [],
          cooperating: [],
          timing: '',
          window: null,
          deadline: null,
          target: { count: 8, per: 'month', atLeast: true },
          budgetVnd: null,
          kinds: ['broadcast'],
          notes: null,
        },
      ],
      assignments: [{ taskId: 't5', unitId: 'p', unitKind: 'station' }],
    };
    await db.plans.put(plan);
    // One broadcast linked, three logged before the plan arrived (linked to nothing), one training.
    await saveEntry(db, {
      kind: 'broadcast',
      date,
      title: 'Có gắn',
      figures: { minutes: 10 },
      taskId: 't5',
      planId: 'plan',
    });
    for (const title of ['Một', 'Hai', 'Ba'])
      await saveEntry(db, { kind: 'broadcast', date, title, figures: { minutes: 10 } });
    await saveEntry(db, { kind: 'training', date, title: 'Tập huấn', figures: { participants: 5 } });
    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    location.hash = '#/';
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    const card = () => root.querySelector('.home .tasks article.task');
    await until(() => card()?.textContent?.includes('Đã làm 1/') ?? false, 'the card counting the linked entry');
    expect(card()!.textContent).toContain('3 mục cùng loại trong kỳ chưa gắn nhiệm vụ nào');
    expect(card()!.querySelector('a')!.getAttribute('href')).toBe('#/log?task=t5');

    const outboxBefore = await db.outbox.count();
    (card()!.querySelector('.task-unlinked button') as HTMLButtonElement).click();
    await until(() => card()?.textContent?.includes('Đã làm 4/') ?? false, 'the card counting all four');
    expect(card()!.querySelector('.task-unlinked')).toBeNull();
    // Each link is an edit queued for the server; the training was left alone.
    expect(await db.outbox.count()).toBe(outboxBefore + 3);
    const broadcasts = await db.activities.where('kind').equals('broadcast').toArray();
    expect(broadcasts.every((e) => e.taskId === 't5' && e.planId === 'plan')).toBe(true);
    expect((await db.activities.where('kind').equals('training').first())!.taskId ?? null).toBeNull();

    // The card's link opens the log filtered to the task.
    location.hash = '#/log?task=t5';
    await until(() => root.querySelectorAll('.page.log li.entry-row').length === 4, 'the four entries in the log');
    await db.delete();
  }, 30_000);
});
