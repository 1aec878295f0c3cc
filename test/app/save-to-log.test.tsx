import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app';
import { openAppDatabase, writeMeta } from '../../src/app/db/database';
import { t } from '../../src/app/i18n/messages';
import { navigate } from '../../src/app/router';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Transport } from '../../src/app/sync/sync-client';
import { mount, settle, typeInto, unmountAll, until } from './support/render';

afterEach(unmountAll);

const titles = (root: HTMLElement) =>
  [...root.querySelectorAll('.page.log li.entry-row .title')].map((el) => el.textContent);

describe('save to the log', () => {
  it('shows the saved entry in the log in the tap’s own task, stores it, and the next form starts empty', async () => {
    const db = openAppDatabase(`save-log-${Date.now()}`);
    await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
    // Offline: every request fails, as on a phone without signal.
    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    const services = { db, transport, scheduler: new SyncScheduler(db, transport) };
    location.hash = '#/log';
    const root = mount(<App services={services} pwa={null} />);
    await until(() => root.querySelector('.page.log[aria-busy=false]') !== null, 'the log is shown');

    // From the tap on, a saved entry never leaves the log: not at its commit, not while the log's
    // live read runs again (it once vanished for that moment), not when the read answers.
    const saved: string[] = [];
    const gaps: string[] = [];
    const watch = new MutationObserver(() => {
      if (!root.querySelector('.page.log')) return;
      const shown = titles(root);
      for (const title of saved) if (!shown.includes(title)) gaps.push(`${title} missing (${shown.join(', ')})`);
    });
    watch.observe(root, { childList: true, subtree: true, characterData: true });
    const save = async (title: string) => {
      // A form opened while the last one is still there (hidden until the log is painted) is a new
      // one: empty, and it saves again.
      expect((root.querySelector('form.entry-form:not(.behind *) [name=title]') as HTMLInputElement).value).toBe('');
      typeInto(root, 'title', title);
      typeInto(root, 'minutes', '10');
      await settle();
      (root.querySelector('form.entry-form button[type=submit]') as HTMLButtonElement).click();
      // Preact draws on a microtask: the entry is in the log before any other task runs.
      await Promise.resolve();
      await Promise.resolve();
      expect(titles(root)).toContain(title);
      saved.push(title);
      expect(root.querySelector('.page.log')?.closest('.behind')).toBeNull();
    };
    location.hash = '#/new/broadcast';
    await until(() => root.querySelector('form.entry-form [name=title]') !== null, 'the form is shown');
    await save('Bản tin sáng');
    navigate('/new/broadcast');
    await Promise.resolve();
    await save('Bản tin chiều');
    // Then both are really stored, each with its mutation queued, and the address says where the person is.
    await until(() => root.querySelector('form.entry-form') === null, 'the left form is taken down');
    await until(() => location.hash === '#/log', 'the address follows');
    await settle(200);
    for (const title of ['Bản tin sáng', 'Bản tin chiều']) {
      const stored = (await db.activities.toArray()).find((e) => e.title === title);
      expect(stored?.syncState).toBe('pending');
      expect(await db.outbox.where('entryId').equals(stored!.id).count()).toBe(1);
    }
    // The log reads both back from the database (a live query, which a loaded machine runs late).
    await until(() => titles(root).sort().join('|') === 'Bản tin chiều|Bản tin sáng', 'both entries read back');
    await settle(200);
    watch.disconnect();
    expect(gaps).toEqual([]);
    // Read back, they show as stored entries, no longer as being saved.
    const badges = [...root.querySelectorAll('.page.log li.entry-row .state')].map((el) => el.textContent);
    expect(badges).toEqual([t('log.pending'), t('log.pending')]);

    // Back (the hashchange event) still leads to the screen before.
    location.hash = '#/';
    await until(() => root.querySelector('.page.log') === null, 'home replaces the log');
    history.back();
    await until(() => root.querySelector('.page.log') !== null, 'back returns to the log');
  });
});
