import { useState } from 'preact/hooks';
import { ACTIVITY_KINDS, type ActivityKind } from '../../shared/activity';
import { formatDateVi } from '../../shared/format';
import { acceptServerVersion, keepLocalVersion, listEntries, writeMeta } from '../db/database';
import { useLiveResult } from '../db/live';
import type { Scope } from '../db/queries';
import { t } from '../i18n/messages';
import { navigate } from '../router';
import { useServices } from '../services';
import { kindKey } from '../ui/entry-form';
import { EntryRow } from '../ui/entry-row';
import { PeriodSwitcher } from '../ui/period-switcher';
import { assignedTasks } from './assigned-tasks';
import { commitSave } from './save-entry';
import { markSaving, useSaving } from './saving';
import { usePeriod, switcherPropsOf } from './use-period';

const LOG_PAGE_SIZE = 200;

/** The log: entries by date and kind, filtered by period, kind and task; open to edit or void. */
export function LogPage(props: { scope: Scope }) {
  const { db, scheduler } = useServices();
  const periodState = usePeriod(props.scope.meta.basis, (basis) => void writeMeta(db, { basis }));
  const [kind, setKind] = useState<ActivityKind | ''>('');
  const [taskId, setTaskId] = useState('');
  const [limit, setLimit] = useState(LOG_PAGE_SIZE);
  const { range } = periodState;
  const entriesResult = useLiveResult(
    () => listEntries(db, { from: range.from, to: range.to, kind: kind || null, taskId: taskId || null }),
    [range.from, range.to, kind, taskId],
    null,
  );
  const entries = entriesResult.value;
  const tasks = assignedTasks(props.scope.plans, props.scope.units, props.scope.meta.unitId!);
  // Entries still being written show at once, in place of their stored version.
  const savingItems = useSaving().filter(
    ({ entry }) =>
      entry.date >= range.from &&
      entry.date <= range.to &&
      (!kind || entry.kind === kind) &&
      (!taskId || entry.taskId === taskId),
  );
  const savingById = new Map(savingItems.map((item) => [item.entry.id, item]));
  const shown = [...(entries ?? []).filter((e) => !savingById.has(e.id)), ...savingItems.map((item) => item.entry)];
  shown.sort((a, b) => (a.date === b.date ? b.createdAt.localeCompare(a.createdAt) : b.date.localeCompare(a.date)));
  // A year of a busy unit holds thousands of entries: drawing them all froze a slow phone for
  // seconds (and the screen opened after it); the newest are drawn, the rest on request.
  // An entry being saved is drawn even when older than those, so a save is always seen.
  const drawn = shown.length > limit ? shown.filter((e, i) => i < limit || savingById.has(e.id)) : shown;
  const hidden = shown.length - drawn.length;
  const byDate = new Map<string, typeof shown>();
  for (const entry of drawn) {
    const day = byDate.get(entry.date) ?? [];
    day.push(entry);
    byDate.set(entry.date, day);
  }
  return (
    <div class="page log" aria-busy={!entriesResult.current}>
      <h1>{t('log.title')}</h1>
      <PeriodSwitcher {...switcherPropsOf(periodState)} compact />
      <div class="filters">
        <select
          aria-label={t('log.allKinds')}
          value={kind}
          onChange={(e) => setKind((e.target as HTMLSelectElement).value as ActivityKind | '')}
        >
          <option value="">{t('log.allKinds')}</option>
          {ACTIVITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(kindKey(k))}
            </option>
          ))}
        </select>
        {tasks.length > 0 && (
          <select
            aria-label={t('log.allTasks')}
            value={taskId}
            onChange={(e) => setTaskId((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t('log.allTasks')}</option>
            {tasks.map(({ task }) => (
              <option key={task.id} value={task.id}>
                {task.title}
              </option>
            ))}
          </select>
        )}
      </div>
      {entries && shown.length === 0 && <p class="empty">{t('log.empty')}</p>}
      {[...byDate].map(([date, rows]) => (
        <section key={date} class="day">
          <h2>{formatDateVi(date)}</h2>
          <ul class="entries">
            {rows.map((entry) => (
              <EntryRow
                key={entry.id}
                entry={entry}
                saving={savingById.get(entry.id)?.error ?? (savingById.has(entry.id) ? true : undefined)}
                onRetry={() => {
                  const item = savingById.get(entry.id);
                  if (!item) return;
                  markSaving({ ...item, error: null });
                  void commitSave(db, item.draft, () => scheduler.afterSave());
                }}
                onOpen={() => navigate(`/edit/${entry.id}`)}
                onKeepMine={async () => {
                  await keepLocalVersion(db, entry.id);
                  scheduler.afterSave();
                }}
                onTakeTheirs={() => void acceptServerVersion(db, entry.id)}
              />
            ))}
          </ul>
        </section>
      ))}
      {hidden > 0 && (
        <button type="button" class="secondary more" onClick={() => setLimit(limit + LOG_PAGE_SIZE)}>
          {t('log.more', { n: hidden })}
        </button>
      )}
    </div>
  );
}
