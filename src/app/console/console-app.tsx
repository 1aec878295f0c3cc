import { useEffect, useState } from 'preact/hooks';
import type { Unit } from '../../shared/unit';
import { readMeta } from '../db/database';
import { useServices } from '../services';
import { ConsoleApi } from '../sync/console-api';
import { today as localToday } from '../today';
import './console.css';
import { ContentScreen } from './content-screen';
import { DashboardScreen } from './dashboard-screen';
import { type ConsoleMessageKey, consoleLanguage, ct, setConsoleLanguage } from './messages';
import { PlansScreen } from './plans-screen';
import { ReportScreen } from './report-screen';
import { UnitsScreen } from './units-screen';
import { useLoad } from './use-load';

const TABS = ['dashboard', 'report', 'plans', 'units', 'content'] as const;
/** A screen of the console. */
export type ConsoleTab = (typeof TABS)[number];

/** What every console screen gets: the API, the supervisor's unit and its tree, today's date. */
export interface ConsoleContext {
  api: ConsoleApi;
  root: Unit;
  units: Unit[];
  today: string;
  /** Reads the unit tree again (after a unit is added). */
  reloadUnits?: () => void;
}

function tabFromHash(): ConsoleTab {
  const name = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (TABS as readonly string[]).includes(name ?? '') ? (name as ConsoleTab) : 'dashboard';
}

/** The console with its tabs, once the API and the unit tree are known. */
export function ConsoleShell(props: { api: ConsoleApi; unitId: string; today?: string }) {
  const [tab, setTab] = useState<ConsoleTab>(tabFromHash);
  const [language, setLanguage] = useState(consoleLanguage);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const units = useLoad(() => props.api.listUnits(), [props.api]);
  const root = units.value?.find((u) => u.id === props.unitId) ?? null;
  const go = (next: ConsoleTab) => {
    setTab(next);
    history.replaceState(null, '', `#/${next}`);
  };
  return (
    <div class="console">
      <header class="console-head no-print">
        <h1>{ct('title')}</h1>
        {root && <p class="console-unit">{root.name}</p>}
        <nav class="console-tabs" aria-label={ct('title')}>
          {TABS.map((name) => (
            <button
              type="button"
              key={name}
              class={tab === name ? 'on' : ''}
              aria-current={tab === name ? 'page' : undefined}
              onClick={() => go(name)}
            >
              {ct(`tab.${name}` as ConsoleMessageKey)}
            </button>
          ))}
        </nav>
        <button
          type="button"
          class="language"
          lang={language === 'vi' ? 'en' : 'vi'}
          onClick={() => {
            const next = language === 'vi' ? 'en' : 'vi';
            void setConsoleLanguage(next).then(() => setLanguage(next));
          }}
        >
          {ct('language.other')}
        </button>
      </header>
      {units.error && (
        <p class="console-error" role="alert">
          {ct('error', { reason: units.error })}{' '}
          <button type="button" onClick={units.reload}>
            {ct('retry')}
          </button>
        </p>
      )}
      {!root && !units.error && <p>{ct('loading')}</p>}
      {root && units.value && (
        <ConsoleBody
          tab={tab}
          ctx={{
            api: props.api,
            root,
            units: units.value,
            today: props.today ?? localToday(),
            reloadUnits: units.reload,
          }}
          onUnitsChanged={units.reload}
        />
      )}
    </div>
  );
}

function ConsoleBody(props: { tab: ConsoleTab; ctx: ConsoleContext; onUnitsChanged: () => void }) {
  switch (props.tab) {
    case 'plans':
      return <PlansScreen ctx={props.ctx} />;
    case 'units':
      return <UnitsScreen ctx={props.ctx} />;
    case 'report':
      return <ReportScreen ctx={props.ctx} />;
    case 'dashboard':
      return <DashboardScreen ctx={props.ctx} />;
    case 'content':
      return <ContentScreen ctx={props.ctx} />;
  }
}

/** Upstream console for supervisors (district/province officers, commune chairmen); lazy-loaded by the shell. */
export function ConsoleApp() {
  const { db, transport } = useServices();
  const [session, setSession] = useState<{ api: ConsoleApi; unitId: string } | null>(null);
  useEffect(() => {
    void readMeta(db).then(async (meta) => {
      await setConsoleLanguage(meta.language);
      if (meta.token && meta.unitId) setSession({ api: new ConsoleApi(transport, meta.token), unitId: meta.unitId });
    });
  }, [db, transport]);
  if (!session) return <p class="loading">{ct('loading')}</p>;
  return <ConsoleShell api={session.api} unitId={session.unitId} />;
}
