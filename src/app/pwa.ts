import { Workbox } from 'workbox-window';

/** The service worker's state as the shell sees it. */
export interface PwaControl {
  /** Called when a new version has installed and waits. */
  onUpdateReady: (listener: () => void) => void;
  /** Lets the waiting version take over; the page reloads when it does. */
  applyUpdate: () => void;
  /** Asks the browser to wake the app for a sync once it has a network (Background Sync). */
  requestBackgroundSync: () => void;
}

/**
 * Registers the service worker. It never skips waiting by itself: the shell calls `applyUpdate`
 * only when no entry waits to sync. A `sync-now` message from the worker (Background Sync) runs
 * `onSyncRequest`.
 */
export function registerPwa(onSyncRequest: () => void): PwaControl {
  const listeners: (() => void)[] = [];
  let waiting = false;
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) {
    return { onUpdateReady: () => {}, applyUpdate: () => {}, requestBackgroundSync: () => {} };
  }
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  wb.addEventListener('waiting', () => {
    waiting = true;
    for (const listener of listeners) listener();
  });
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) location.reload();
  });
  navigator.serviceWorker.addEventListener('message', (event) => {
    if ((event.data as { type?: string } | null)?.type === 'sync-now') onSyncRequest();
  });
  void wb.register().then(() => registerPeriodicReminders());
  return {
    onUpdateReady: (listener) => {
      listeners.push(listener);
      if (waiting) listener();
    },
    applyUpdate: () => wb.messageSkipWaiting(),
    requestBackgroundSync: () => {
      void navigator.serviceWorker.ready
        .then((registration) =>
          (
            registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }
          ).sync?.register('cchc-sync'),
        )
        .catch(() => {
          // Background Sync is a help, not a need: the online event and the timer still sync.
        });
    },
  };
}

/**
 * Asks the browser to wake the service worker about twice a day to show the day's reminder while the
 * app is closed (Periodic Background Sync: Chromium, for an installed app). Where the browser says
 * no, reminders come at app open and after a sync instead.
 */
function registerPeriodicReminders(): void {
  void navigator.serviceWorker.ready
    .then((registration) =>
      (
        registration as ServiceWorkerRegistration & {
          periodicSync?: { register(tag: string, options: { minInterval: number }): Promise<void> };
        }
      ).periodicSync?.register('cchc-reminders', { minInterval: 12 * 60 * 60 * 1000 }),
    )
    .catch(() => {
      // Not installed, or not allowed: the app's own triggers remain.
    });
}
