import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ensureDailyRollup } from './db/database';
import { afterFirstScreen, firstScreenReady } from './first-screen';
import { useLiveQuery } from './db/live';
import { loadScope, type Scope } from './db/queries';
import { requestPersistentStorage } from './db/storage';
import { isLanguageLoaded, loadLanguage, setLanguage, t } from './i18n/messages';
import { HomePage, usePendingCount } from './pages/home-page';
import type { PwaControl } from './pwa';
import { useRoute } from './router';
import { type Services, ServicesContext, useServices } from './services';
import type { SyncStatusView } from './sync/scheduler';
import { BottomNav } from './ui/bottom-nav';
import { useOnline } from './use-online';
import { SyncBar } from './ui/sync-bar';
import { UpdateBanner } from './ui/update-banner';
import { today } from './today';

type PageProps = { scope: Scope; kind?: string; editId?: string; againId?: string | null };

// Screens other than home load on first use, to keep the first screen small.
const loaders: Record<string, () => Promise<ComponentType<PageProps>>> = {
  entry: () => import('./pages/entry-page').then((m) => m.EntryPage),
  log: () => import('./pages/log-page').then((m) => m.LogPage),
  book: () => import('./pages/book-page').then((m) => m.BookPage),
  stock: () => import('./pages/stock-page').then((m) => m.StockPage),
  settings: () => import('./pages/settings-page').then((m) => m.SettingsPage),
  content: () => import('./pages/content-page').then((m) => m.ContentPage),
  report: () => import('./pages/report-page').then((m) => m.ReportPage),
};
const loaded: Record<string, ComponentType<PageProps>> = {};

function Lazy(props: PageProps & { name: string }) {
  const [, setTick] = useState(0);
  const Component = loaded[props.name];
  useEffect(() => {
    if (!Component) {
      void loaders[props.name]!().then((c) => {
        loaded[props.name] = c;
        setTick((n) => n + 1);
      });
    }
  }, [props.name, Component]);
  return Component ? <Component {...props} /> : <div class="page loading" />;
}

/** Warms the lazy screens once home is up, so they open offline and at once. */
function preloadScreens(): void {
  for (const [name, load] of Object.entries(loaders)) {
    void load().then((c) => {
      loaded[name] = c;
    });
  }
}

/** Enrollment is seen once in a phone's life: it loads on that start, and weighs nothing on home's. */
function Enroll(props: { initialCode: string }) {
  const [Page, setPage] = useState<typeof import('./pages/enroll-page').EnrollPage | null>(null);
  useEffect(() => {
    void import('./pages/enroll-page').then((m) => setPage(() => m.EnrollPage));
  }, []);
  useEffect(() => {
    if (Page) firstScreenReady();
  }, [Page]);
  return Page ? <Page initialCode={props.initialCode} onEnrolled={() => {}} /> : <div class="page loading" />;
}

function useSyncStatus(): SyncStatusView {
  const { scheduler } = useServices();
  const [status, setStatus] = useState<SyncStatusView>({ running: false, lastError: null, nextRetryAt: null });
  useEffect(() => scheduler.subscribe(setStatus), [scheduler]);
  return status;
}

// The reminders (issue 16) load after the first screen: at app open and after each sync round.
type BannerModule = typeof import('./reminders/reminder-banner');
let bannerModule: BannerModule | null = null;

let remindedAt = Number.NEGATIVE_INFINITY;
// After a sync, reminders are worked out again at most this often (a save while online syncs);
// the sync that a reminder's own answer brings (plans, colleagues' entries) is rarely sooner useful.
const REMIND_AFTER_SYNC_MS = 10 * 60 * 1000;

/**
 * Works out today's reminder when the app opens (two seconds after, so it never competes with
 * drawing the first screen) and after a sync round that succeeded; none of it is first-screen code.
 */
function useReminders(db: Services['db'], status: SyncStatusView, reminder: Scope['meta']['reminder']) {
  const [loaded, setLoaded] = useState(bannerModule);
  const run = () => {
    remindedAt = performance.now();
    void import('./reminders/run-reminders').then((m) => m.runReminders(db)).catch(() => undefined);
  };
  // At app open, online or not, once the first screens are drawn and warmed.
  useEffect(() => {
    const timer = setTimeout(run, 2_000);
    return () => clearTimeout(timer);
  }, [db]);
  // After a round that succeeded.
  const wasRunning = useRef(false);
  useEffect(() => {
    const ended = wasRunning.current && !status.running;
    wasRunning.current = status.running;
    if (ended && status.lastError === null && performance.now() - remindedAt >= REMIND_AFTER_SYNC_MS) run();
  }, [db, status.running, status.lastError]);
  useEffect(() => {
    if (reminder && !loaded)
      void import('./reminders/reminder-banner').then((m) => {
        bannerModule = m;
        setLoaded(m);
      });
  }, [reminder, loaded]);
  return loaded;
}

function FieldApp(props: { scope: Scope; pwa: PwaControl | null }) {
  const { scheduler, db } = useServices();
  const route = useRoute();
  const pending = usePendingCount();
  const status = useSyncStatus();
  const reminder = props.scope.meta.reminder;
  const bannerOf = useReminders(db, status, reminder);
  const online = useOnline();
  const [updateReady, setUpdateReady] = useState(false);
  useEffect(() => props.pwa?.onUpdateReady(() => setUpdateReady(true)), [props.pwa]);
  useEffect(() => {
    if (pending > 0 && !online) props.pwa?.requestBackgroundSync();
  }, [pending, online, props.pwa]);
  const [name = '', arg] = route.path;
  const { meta } = props.scope;
  const editing = name === 'new' || (name === 'edit' && !!arg);
  // The log stays drawn, hidden, under the entry form (opened from the log, or drawn behind the form
  // shortly after it opens): a save then adds one row and uncovers it, instead of building the log
  // screen while the person waits for the entry to show.
  const logAlive = useRef(false);
  const wasEditing = useRef(false);
  const [, wake] = useState(0);
  if (name === 'log') logAlive.current = true;
  else if (!editing) logAlive.current = false;
  useEffect(() => {
    if (!editing || logAlive.current) return;
    const timer = setTimeout(() => {
      logAlive.current = true;
      wake((n) => n + 1);
    }, 100);
    return () => clearTimeout(timer);
  }, [editing]);
  let form: preact.ComponentChild = null;
  if (name === 'new') form = <Lazy name="entry" scope={props.scope} kind={arg} againId={route.query.get('again')} />;
  else if (editing) form = <Lazy name="entry" scope={props.scope} editId={arg} />;
  // A form left for the log is hidden, and taken down once the log's frame is painted: removing
  // its elements took a slow phone ~8 ms more before the saved entry showed.
  const leftForm = useRef<preact.ComponentChild>(null);
  // Each opening of a form is a new one, even while the last is still there, hidden.
  const opened = useRef(0);
  if (form && !wasEditing.current) opened.current++;
  wasEditing.current = editing;
  if (form) leftForm.current = form;
  else if (name !== 'log') leftForm.current = null;
  useEffect(() => {
    if (form || !leftForm.current) return;
    const timer = setTimeout(() => {
      leftForm.current = null;
      wake((n) => n + 1);
    }, 0);
    return () => clearTimeout(timer);
  });
  let page: preact.ComponentChild = null;
  const atHome = !(editing || name === 'log' || (loaders[name] && name !== 'entry'));
  // Home says when its figures are shown; a start on another screen has nothing to wait for.
  useEffect(() => {
    if (!atHome) firstScreenReady();
  }, [atHome]);
  if (editing || name === 'log') page = null;
  else if (loaders[name] && name !== 'entry') page = <Lazy name={name} scope={props.scope} />;
  else
    page = (
      <>
        <SyncBar
          pending={pending}
          lastSyncAt={meta.lastSyncAt}
          running={status.running}
          error={status.lastError}
          online={online}
          onSync={() => void scheduler.syncNow()}
        />
        {/* Said only when it matters: unsent entries on a phone whose browser may clear them. */}
        {meta.persisted === false && pending > 0 && (
          <p class="storage-risk" data-testid="storage-risk">
            {t('storage.atRisk', { n: pending })}
          </p>
        )}
        {bannerOf && reminder && !reminder.dismissed && !meta.remindersOff && reminder.on === today() && (
          <bannerOf.ReminderBanner db={db} reminder={reminder} />
        )}
        <HomePage scope={props.scope} />
      </>
    );
  return (
    <>
      {updateReady && (
        <UpdateBanner
          pending={pending}
          onApply={() => props.pwa?.applyUpdate()}
          onSync={() => void scheduler.syncNow()}
        />
      )}
      <main>
        {logAlive.current && (
          <div class={editing ? 'behind' : undefined}>
            <Lazy name="log" scope={props.scope} />
          </div>
        )}
        {leftForm.current && (
          <div key={opened.current} class={form ? undefined : 'behind'}>
            {leftForm.current}
          </div>
        )}
        {page}
      </main>
      <BottomNav
        current={`#/${name}`}
        unitKind={props.scope.units.find((u) => u.id === props.scope.meta.unitId)?.kind}
      />
    </>
  );
}

function Shell(props: { pwa: PwaControl | null }) {
  const { db, scheduler } = useServices();
  const scope = useLiveQuery(() => loadScope(db), [], null);
  const [Console, setConsole] = useState<ComponentType | null>(null);
  const enrolled = Boolean(scope?.meta.token);
  const role = scope?.meta.role;
  const [, languageArrived] = useState(0);
  if (scope) {
    setLanguage(scope.meta.language);
    // English is fetched on first use; the shell speaks Vietnamese for that moment, then again.
    if (!isLanguageLoaded(scope.meta.language))
      void loadLanguage(scope.meta.language).then(() => languageArrived((n) => n + 1));
  }
  useEffect(() => {
    if (!enrolled) return;
    if (role === 'supervisor') {
      void import('./console/console-app').then((m) => setConsole(() => m.ConsoleApp));
      return;
    }
    void ensureDailyRollup(db);
    scheduler.start();
    void requestPersistentStorage(db);
    afterFirstScreen(preloadScreens);
    // Should home never say its figures are shown, what waits for them still comes.
    const late = setTimeout(firstScreenReady, 5_000);
    return () => {
      clearTimeout(late);
      scheduler.stop();
    };
  }, [enrolled, role, scheduler, db]);
  // Told after the console is painted (effects run after it), never before.
  useEffect(() => {
    if (Console) firstScreenReady();
  }, [Console]);
  if (!scope) return null;
  if (!enrolled) {
    const code = new URLSearchParams(location.search).get('code') ?? '';
    // Inside <main> like every other screen, so it gets the same margins from the screen's edge.
    return (
      <main>
        <Enroll initialCode={code} />
      </main>
    );
  }
  if (role === 'supervisor') return Console ? <Console /> : <p class="loading">…</p>;
  return <FieldApp scope={scope} pwa={props.pwa} />;
}

/** The whole app: services provided to every page, then the shell. */
export function App(props: { services: Services; pwa: PwaControl | null }) {
  return (
    <ServicesContext.Provider value={props.services}>
      <Shell pwa={props.pwa} />
    </ServicesContext.Provider>
  );
}
