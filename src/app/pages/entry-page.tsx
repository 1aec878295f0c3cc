import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { MAX_ATTACHMENTS_PER_ENTRY } from '../../shared/attachment';
import {
  addAttachment,
  freeRoomIfLow,
  listAttachments,
  removeAttachment,
  rewriteUnsentPhotos,
} from '../db/attachments';
import { refusalText, ta } from '../i18n/attachment-messages';
import { AttachmentList, type AttachmentView } from '../ui/attachment-list';
import type { GpsPoint } from '../../shared/exif-gps';
import { AttachRefusal, prepareAttachment, tagPhoto } from './attach-files';
import { HISTORY_TEXT } from '../../shared/history';
import { type ActivityKind, isKnownKind } from '../../shared/kinds';
import type { Task } from '../../shared/plan';
import { activeRangeOf } from '../../shared/progress';
import { isQuotaError, voidEntry } from '../db/database';
import { uuidv7 } from '../db/uuid';
import { type HeldHistory, readHeldHistory, saveHistory } from '../db/histories';
import { useLiveQuery } from '../db/live';
import { getEntry, type Scope } from '../db/queries';
import { language, t } from '../i18n/messages';
import { navigate } from '../router';
import { useServices } from '../services';
import { today } from '../today';
import { fetchEntryHistory } from '../sync/history-api';
import { EntryForm, type FormValues, type TaskChoice } from '../ui/entry-form';
import { EntryHistory } from '../ui/entry-history';
import { describeFigures, kindLabel } from '../ui/kind-text';
import { LocationLine } from '../ui/location-line';
import { useOnline } from '../use-online';
import { assignedTasks, taskTakesKind } from './assigned-tasks';
import { blankValues, draftOf, valuesOf } from './entry-values';
import { markSaving } from './saving';
import { commitSave, optimisticEntry } from './save-entry';

function locate(): Promise<{ lat: number; lon: number } | null> {
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
      () => resolve(null),
      { timeout: 15_000, maximumAge: 300_000 },
    );
  });
}

/**
 * A new entry of a kind (optionally copied from an earlier one, "log again", with today's date) or
 * the edit of an existing entry, with its void action.
 */
export function EntryPage(props: { scope: Scope; kind?: string; editId?: string; againId?: string | null }) {
  const { db, scheduler, transport } = useServices();
  const online = useOnline();
  const token = props.scope.meta.token;
  const editId = props.editId;
  // The server's history, kept on the phone as read so that the entry's view shows it offline.
  const loadHistory = useCallback(async () => {
    if (!token || !editId) return [];
    const items = await fetchEntryHistory(transport, token, editId);
    await saveHistory(db, editId, items).catch(() => undefined);
    return items;
  }, [db, transport, token, editId]);
  const heldHistory = useLiveQuery(
    () => (editId ? readHeldHistory(db, editId) : Promise.resolve(null)),
    [editId],
    null as HeldHistory | null,
  );
  const sourceId = props.editId ?? props.againId ?? null;
  const source = useLiveQuery(() => (sourceId ? getEntry(db, sourceId) : Promise.resolve(undefined)), [sourceId], null);
  const submitted = useRef(false);
  // The location the person tagged on the entry: the photos taken for it carry it (none else).
  const tagged = useRef<GpsPoint | null | undefined>(undefined);
  const [message, setMessage] = useState<string | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  // A new entry has its id from the start: its photos are stored under it as they are taken, on
  // their own, so the entry's save never waits for (nor fails by) a photo.
  const [newId] = useState(() => uuidv7());
  const entryId = props.editId ?? newId;
  const local = useLiveQuery(() => listAttachments(db, entryId), [entryId], []);
  // An entry another phone of the unit logged: its photos and files as the server lists them.
  const [fromServer, setFromServer] = useState<AttachmentView[]>([]);
  useEffect(() => {
    if (!editId || !token || !online) return;
    let live = true;
    void import('../sync/attachments-api')
      .then((m) => m.fetchServerAttachments(transport, token, editId, new Set(local.map((a) => a.id))))
      .then((items) => {
        if (live) setFromServer(items);
      });
    return () => {
      live = false;
    };
  }, [editId, token, online, transport, local.length]);
  const attachments: AttachmentView[] = [...local, ...fromServer.filter((r) => !local.some((a) => a.id === r.id))];
  const [attaching, setAttaching] = useState(false);
  const [attachMessage, setAttachMessage] = useState<string | null>(null);
  const addFiles = async (files: File[]) => {
    setAttaching(true);
    setAttachMessage(null);
    let count = attachments.length;
    try {
      // Before a new photo: originals the server holds whole go first when storage runs low.
      await freeRoomIfLow(db).catch(() => 0);
      for (const file of files) {
        if (count >= MAX_ATTACHMENTS_PER_ENTRY) {
          setAttachMessage(ta('tooMany', { n: MAX_ATTACHMENTS_PER_ENTRY }));
          break;
        }
        try {
          await addAttachment(db, await prepareAttachment(file, entryId, tagged.current));
          count++;
        } catch (error) {
          if (error instanceof AttachRefusal) setAttachMessage(refusalText(error));
          else if (isQuotaError(error)) setAttachMessage(ta('full'));
          else setAttachMessage(String(error));
          break;
        }
      }
    } finally {
      setAttaching(false);
    }
  };
  const cancel = () => {
    // Photos taken for an entry that was never saved go with it.
    if (!props.editId && !submitted.current) for (const a of local) void removeAttachment(db, a.id);
    history.back();
  };

  if (sourceId && source === null) return <div class="page" />;
  const kind = (props.editId ? source?.kind : props.kind) as ActivityKind | undefined;
  if (props.editId && source && !isKnownKind(source.kind)) {
    // Synced from a phone of a newer release: shown and kept, never edited with a form that would drop its figures.
    return (
      <div class="page entry">
        <h2>{kindLabel(source.kind)}</h2>
        <p>{source.title}</p>
        <p>{describeFigures(source)}</p>
        <p class="form-message">{t('entry.unknownKind')}</p>
        {source.location && <LocationLine point={source.location} language={language()} />}
        <EntryHistory load={loadHistory} online={online} language={language()} held={heldHistory} />
        <button type="button" class="secondary" onClick={() => history.back()}>
          {t('form.cancel')}
        </button>
      </div>
    );
  }
  if (!kind || !isKnownKind(kind)) return <div class="page">?</div>;

  const tasks = assignedTasks(props.scope.plans, props.scope.units, props.scope.meta.unitId!);
  const day = today();
  // A task of a plan that has run out (last year's) is no suggestion: with it beside this year's
  // task of the same kind, no task was chosen and the entry counted toward nothing.
  const running = (task: Task, planId: string) => {
    const plan = props.scope.plans.find((p) => p.id === planId);
    if (!plan) return true;
    const active = activeRangeOf(task, plan.year, props.scope.meta.basis);
    return active.from <= day && day <= active.to;
  };
  const choices: TaskChoice[] = tasks.map(({ task, planId }) => ({
    id: task.id,
    planId,
    title: task.title,
    suggested: taskTakesKind(task, kind) && running(task, planId),
  }));
  let initial: FormValues;
  if (props.editId && source) initial = valuesOf(source);
  else if (source) initial = valuesOf(source, day);
  else {
    initial = blankValues(day);
    const only = choices.filter((c) => c.suggested);
    if (only.length === 1) initial.taskId = only[0]!.id;
  }
  if (tagged.current === undefined) tagged.current = initial.location;
  // Tagged after photos were taken, the location goes into those the server has not heard of.
  const tagLocation = async () => {
    const point = await locate();
    if (point) {
      tagged.current = point;
      await rewriteUnsentPhotos(db, entryId, (photo) => tagPhoto(photo, point)).catch(() => 0);
    }
    return point;
  };

  const save = (values: FormValues) => {
    const id = entryId;
    if (submitted.current) return;
    submitted.current = true;
    const draft = draftOf(kind, values, (taskId) => choices.find((c) => c.id === taskId)?.planId, id);
    // The log shows the entry at once, marked as saving, while the transaction commits; a failed
    // save stays there with its reason and a retry, so nothing typed is lost. The form is not
    // re-rendered as busy: it is left at once, and a second tap is caught by the flag above.
    markSaving({ entry: optimisticEntry(draft, id, source ?? undefined, props.scope.meta), draft, error: null });
    navigate('/log');
    // The log has drawn the entry in this task; the transaction starts once the frame showing it is
    // painted (on a slow phone its first steps took that frame), or after 100 ms should no frame
    // come (a hidden page paints none). The entry and its outbox mutation commit in one transaction.
    let started = false;
    const commit = () => {
      if (started) return;
      started = true;
      void commitSave(db, draft, () => scheduler.afterSave());
    };
    requestAnimationFrame(() => setTimeout(commit, 0));
    setTimeout(commit, 100);
  };

  // The reason box opens below the form, out of sight: bring it into view, ready to type.
  const voidBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!voiding || !voidBox.current) return;
    voidBox.current.focus({ preventScroll: true });
    voidBox.current.closest('section')?.scrollIntoView({ block: 'center' });
  }, [voiding]);

  const confirmVoid = async () => {
    if (!props.editId || reason.trim() === '') return;
    try {
      await voidEntry(db, props.editId, reason.trim().normalize('NFC'));
      scheduler.afterSave();
      navigate('/log');
    } catch (error) {
      setMessage(isQuotaError(error) ? t('storage.full') : String(error));
    }
  };

  return (
    <div class="page entry">
      <EntryForm
        key={`${sourceId ?? kind}`}
        kind={kind}
        initial={initial}
        tasks={choices}
        heading={t(props.editId ? 'form.edit' : 'form.new', { kind: kindLabel(kind) })}
        busy={false}
        message={message}
        canLocate={typeof navigator !== 'undefined' && 'geolocation' in navigator}
        onLocate={tagLocation}
        onSave={save}
        onCancel={cancel}
        attachments={
          <AttachmentList
            items={attachments}
            busy={attaching}
            canAdd={!attaching && attachments.length < MAX_ATTACHMENTS_PER_ENTRY}
            message={attachMessage}
            onAdd={(files) => void addFiles(files)}
            onRemove={(id) => void removeAttachment(db, id)}
          />
        }
      />
      {props.editId && source && !source.voided && (
        <section class="void">
          {voiding ? (
            <>
              <label class="field">
                <span>{t('form.voidReason')}</span>
                <input
                  ref={voidBox}
                  type="text"
                  name="voidReason"
                  value={reason}
                  onInput={(e) => setReason((e.target as HTMLInputElement).value)}
                />
              </label>
              <button type="button" class="danger" disabled={reason.trim() === ''} onClick={confirmVoid}>
                {t('form.voidConfirm')}
              </button>
            </>
          ) : (
            <button type="button" class="danger secondary" onClick={() => setVoiding(true)}>
              {t('form.void')}
            </button>
          )}
        </section>
      )}
      {props.editId && source?.location && <LocationLine point={source.location} language={language()} />}
      {props.editId &&
        source &&
        (source.serverVersion > 0 ? (
          <EntryHistory load={loadHistory} online={online} language={language()} held={heldHistory} />
        ) : (
          <section class="history">
            <h3>{HISTORY_TEXT.heading[language()]}</h3>
            <p>{HISTORY_TEXT.unsent[language()]}</p>
          </section>
        ))}
    </div>
  );
}
