import { Component } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { ACTIVITY_KINDS, type ActivityKind } from '../../shared/activity';
import { formatDateVi } from '../../shared/format';
import { acceptServerVersion, keepLocalVersion, type LocalActivity, newestFirst, writeMeta } from '../db/database';
import { listThumbs, type ThumbView } from '../db/attachments';
import { listNewestEntries } from '../db/log-reads';
import { useLiveQuery, useLiveResult } from '../db/live';
import { UploadLine } from './upload-line';
import { ThumbStrip } from '../ui/attachment-list';
import type { Scope } from '../db/queries';
import { t } from '../i18n/messages';
import { navigate } from '../router';
import { useServices } from '../services';
import { kindLabel } from '../ui/kind-text';
import { EntryRow } from '../ui/entry-row';
import { PeriodSwitcher } from '../ui/period-switcher';
import { assignedTasks } from './assigned-tasks';
import { commitSave } from './save-entry';
import { markSaving, readMark, type SavingEntry, shownByRead, useSaving } from './saving';
import { usePeriod, switcherPropsOf } from './use-period';

const LOG_PAGE_SIZE = 200;

interface RowActions {
  retry: (id: string) => void;
  open: (id: string) => void;
  keepMine: (id: string) => Promise<void>;
  takeTheirs: (id: string) => void;
}

// Every read of the log returns new objects: a row compares what it shows, once per object.
const shapes = new WeakMap<LocalActivity, string>();
const shapeOf = (entry: LocalActivity) => {
  let shape = shapes.get(entry);
  if (shape === undefined) {
    shape = JSON.stringify(entry);
    shapes.set(entry, shape);
  }
  return shape;
};

type RowProps = {
  entry: LocalActivity;
  saving: true | string | undefined;
  actions: RowActions;
  thumbs: ThumbView[] | undefined;
};
const thumbsKey = (thumbs: ThumbView[] | undefined) => thumbs?.map((x) => `${x.id}:${x.thumb ? 1 : 0}`).join() ?? '';

/** A row's saving state: its failure, true while written, none once committed. */
function savingStateOf(item: SavingEntry | undefined): true | string | undefined {
  if (!item) return undefined;
  return item.error ?? (item.committed === undefined ? true : undefined);
}

/** A log row that is drawn again only when its entry or its saving state changed. */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const now = this.props;
    return (
      next.saving !== now.saving ||
      next.actions !== now.actions ||
      thumbsKey(next.thumbs) !== thumbsKey(now.thumbs) ||
      (next.entry !== now.entry && shapeOf(next.entry) !== shapeOf(now.entry))
    );
  }
  override render({ entry, saving, actions, thumbs }: RowProps) {
    const id = entry.id;
    return (
      <EntryRow
        entry={entry}
        extra={thumbs && <ThumbStrip items={thumbs} />}
        saving={saving}
        onRetry={() => actions.retry(id)}
        onOpen={() => actions.open(id)}
        onKeepMine={() => void actions.keepMine(id)}
        onTakeTheirs={() => actions.takeTheirs(id)}
      />
    );
  }
}

/** The log: entries by date and kind, filtered by period, kind and task; open to edit or void. */
export function LogPage(props: { scope: Scope }) {
  const { db, scheduler } = useServices();
  const periodState = usePeriod(props.scope.meta.basis, (basis) => void writeMeta(db, { basis }));
  const [kind, setKind] = useState<ActivityKind | ''>('');
  // Opened from a task card: the entries that count toward that task.
  const [taskId, setTaskId] = useState(() => new URLSearchParams(location.hash.split('?')[1] ?? '').get('task') ?? '');
  const [limit, setLimit] = useState(LOG_PAGE_SIZE);
  const latest = useRef(new Map<string, SavingEntry>());
  const { range } = periodState;
  // Only the entries drawn are read (and read again after a save), with the number of the others.
  const entriesResult = useLiveResult(
    () => {
      const mark = readMark();
      return listNewestEntries(
        db,
        { from: range.from, to: range.to, kind: kind || null, taskId: taskId || null },
        limit,
      ).then((read) => ({ ...read, mark }));
    },
    [range.from, range.to, kind, taskId, limit],
    null,
  );
  const entries = entriesResult.value?.entries ?? null;
  const tasks = assignedTasks(props.scope.plans, props.scope.units, props.scope.meta.unitId!);
  // Entries still being written show at once, in place of their stored version, until a read that
  // holds them has answered.
  const savingItems = useSaving().filter(
    (item) =>
      !shownByRead(item, entriesResult.value?.mark) &&
      item.entry.date >= range.from &&
      item.entry.date <= range.to &&
      (!kind || item.entry.kind === kind) &&
      (!taskId || item.entry.taskId === taskId),
  );
  const savingById = new Map(savingItems.map((item) => [item.entry.id, item]));
  latest.current = savingById;
  // One set of actions for every row, so that a row re-renders only when its entry or state changes.
  const actions = useMemo<RowActions>(
    () => ({
      retry: (id) => {
        const item = latest.current.get(id);
        if (!item) return;
        markSaving({ ...item, error: null });
        void commitSave(db, item.draft, () => scheduler.afterSave());
      },
      open: (id) => navigate(`/edit/${id}`),
      keepMine: async (id) => {
        await keepLocalVersion(db, id);
        scheduler.afterSave();
      },
      takeTheirs: (id) => void acceptServerVersion(db, id),
    }),
    [db, scheduler],
  );
  const stored = entries ?? [];
  const shown = [...stored.filter((e) => !savingById.has(e.id)), ...savingItems.map((item) => item.entry)];
  shown.sort(newestFirst);
  // A year of a busy unit holds thousands of entries: drawing them all froze a slow phone for
  // seconds (and the screen opened after it); the newest are drawn, the rest on request.
  // An entry being saved is drawn even when older than those, so a save is always seen.
  const drawn = shown.length > limit ? shown.filter((e, i) => i < limit || savingById.has(e.id)) : shown;
  // Every matching entry, stored or being saved; an entry being saved counts once (an edit of an
  // entry older than those read is taken for a new one until its save commits).
  const storedIds = new Set(stored.map((e) => e.id));
  const matching =
    (entriesResult.value?.total ?? 0) + savingItems.filter((item) => !storedIds.has(item.entry.id)).length;
  const hidden = Math.max(0, matching - drawn.length);
  const drawnIds = drawn.map((e) => e.id).join();
  const thumbs = useLiveQuery(() => listThumbs(db, drawnIds ? drawnIds.split(',') : []), [drawnIds], new Map());
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
              {kindLabel(k)}
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
      <UploadLine />
      {entries && shown.length === 0 && <p class="empty">{t('log.empty')}</p>}
      {[...byDate].map(([date, rows]) => (
        <section key={date} class="day">
          <h2>{formatDateVi(date)}</h2>
          <ul class="entries">
            {rows.map((entry) => (
              <Row
                key={entry.id}
                entry={entry}
                saving={savingStateOf(savingById.get(entry.id))}
                actions={actions}
                thumbs={thumbs.get(entry.id)}
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
