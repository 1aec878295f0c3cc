/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { ExpirationPlugin } from 'workbox-expiration';
import { CacheFirst } from 'workbox-strategies';
import { vietnamDateOf } from '../../shared/format';
import { REPORT_XLSX_CACHE } from '../../shared/report-files/cache-name';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

// The app shell is precached so the app opens with no network at all after the first visit.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every navigation (a link with ?code=, a reload offline) gets the shell; the API is never cached.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

// The report's spreadsheet writer (exceljs) is left out of the precache for its weight: kept here
// from the first time a page loads it while online (after the phone's first sync under this worker,
// or the report screen), so that an .xlsx is made offline after that. The last two builds are kept.
registerRoute(
  ({ url }) => url.origin === self.location.origin && /\/report-xlsx-[^/]+\.js$/.test(url.pathname),
  new CacheFirst({ cacheName: REPORT_XLSX_CACHE, plugins: [new ExpirationPlugin({ maxEntries: 2 })] }),
);

// A new version waits until the page says so: the page asks only once no entry waits to sync.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

// Background Sync wakes the worker when the network returns; an open page runs the sync client.
self.addEventListener(
  'sync' as 'message',
  ((event: SyncEvent) => {
    if (event.tag !== 'cchc-sync') return;
    event.waitUntil(
      self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((clients) => {
        for (const client of clients) client.postMessage({ type: 'sync-now' });
      }),
    );
  }) as unknown as (event: ExtendableMessageEvent) => void,
);

/** A reminder as the page leaves it in the meta table (src/app/db/meta.ts, `reminderPlan`). */
interface PlannedReminder {
  on: string;
  title: string;
  lines: string[];
}

/** Reads and writes the page's meta rows (`{ key, value }`) in the app's IndexedDB, without Dexie. */
function metaStore<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T> | undefined,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('cchc-field');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('meta')) {
        db.close();
        resolve(undefined);
        return;
      }
      const tx = db.transaction('meta', mode);
      const request = work(tx.objectStore('meta'));
      tx.oncomplete = () => {
        db.close();
        resolve(request?.result);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

const metaValue = async <T>(key: string): Promise<T | undefined> =>
  ((await metaStore('readonly', (store) => store.get(key))) as { value: T } | undefined)?.value;

/**
 * Periodic Background Sync (the app closed): the page has worked out the coming days' reminders;
 * the worker shows today's once, as the page would (at most one a day, never when turned off), and
 * leaves it as the banner for the next open. An open page is asked to sync instead, which
 * reminds afterwards.
 */
async function remindFromWorker(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.length > 0) {
    for (const client of windows) client.postMessage({ type: 'sync-now' });
    return;
  }
  if (Notification.permission !== 'granted' || (await metaValue<boolean>('remindersOff')) === true) return;
  const today = vietnamDateOf(new Date());
  if ((await metaValue<string>('lastReminderOn')) === today) return;
  const reminder = (await metaValue<PlannedReminder[]>('reminderPlan'))?.find((r) => r.on === today);
  if (!reminder) return;
  await self.registration.showNotification(reminder.title, {
    body: reminder.lines.join('\n'),
    tag: 'cchc-reminders',
    icon: '/icons/icon-192.png',
    data: { url: '/#/report' },
  });
  await metaStore('readwrite', (store) => {
    store.put({ key: 'lastReminderOn', value: today });
    return store.put({ key: 'reminder', value: reminder });
  });
}

interface PeriodicSyncEvent extends ExtendableEvent {
  readonly tag: string;
}

self.addEventListener(
  'periodicsync' as 'message',
  ((event: PeriodicSyncEvent) => {
    if (event.tag === 'cchc-reminders') event.waitUntil(remindFromWorker());
  }) as unknown as (event: ExtendableMessageEvent) => void,
);

// A tap on a reminder opens the app on its report, a nudge on its home (the page's `data.url`), or
// brings the open app forward.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/#/report';
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((windows) => {
      const open = windows[0];
      if (open) return open.focus().then(() => undefined);
      return self.clients.openWindow(url).then(() => undefined);
    }),
  );
});
