import { useMemo, useState } from 'preact/hooks';
import { MAX_FILE_BYTES } from '../../shared/attachment';
import {
  AUDIO_TYPES_IN_WORDS,
  CONTENT_DOCUMENT_MIMES,
  type ContentInput,
  type ContentKind,
  type ContentReport,
  detectAudioMime,
} from '../../shared/content';
import { formatDateTimeVi, formatDateVi } from '../../shared/format';
import { formatPeriodCode, type Period, periodLabel } from '../../shared/period';
import { topicsFromText } from '../../shared/topics';
import type { UnitKind } from '../../shared/unit';
import { UNIT_KIND_LABELS } from '../../shared/unit';
import { ConsoleApiError } from '../sync/console-api';
import { sha256Hex } from '../sync/file-upload';
import type { ConsoleContext } from './console-app';
import { consoleLanguage, ct } from './messages';
import { useLoad } from './use-load';

// Content relay for upstream (issue 15): publish an audio segment, a document or a script to the
// kinds of unit below, its file sent with the evidence chunks; then, per item, which units
// downloaded it, how many times each aired it, and which did not.

const KINDS: ContentKind[] = ['audio', 'document', 'script'];
const TO: UnitKind[] = ['station', 'post_office', 'commune'];
/** The waits before sending the rest of a file again by itself after a dropped link (ms). */
const UPLOAD_RETRIES = [2_000, 5_000, 10_000];

/**
 * The type a picked file is published under (the contract's names), or null when it is not of the
 * kind. Audio by its first bytes, as the store will judge it: a file it would refuse is refused
 * here, before the item goes out to the phones, whatever the system called it (`audio/x-m4a`).
 */
async function fileMime(kind: ContentKind, file: File): Promise<string | null> {
  if (kind === 'audio') return detectAudioMime(new Uint8Array(await file.slice(0, 64).arrayBuffer()));
  if ((CONTENT_DOCUMENT_MIMES as readonly string[]).includes(file.type)) return file.type;
  if (file.type && file.type !== 'application/octet-stream') return null;
  if (/\.pdf$/i.test(file.name)) return 'application/pdf';
  if (/\.docx$/i.test(file.name)) return CONTENT_DOCUMENT_MIMES[1];
  return null;
}

/** The length of an audio file, in seconds, as the browser reads it; null when it cannot. */
function audioSeconds(file: File): Promise<number | null> {
  return new Promise((resolve) => {
    const audio = new Audio();
    const url = URL.createObjectURL(file);
    const done = (value: number | null) => {
      URL.revokeObjectURL(url);
      resolve(value);
    };
    audio.onloadedmetadata = () => done(Number.isFinite(audio.duration) ? audio.duration : null);
    audio.onerror = () => done(null);
    audio.src = url;
  });
}

/** The periods an item may belong to: this year's and next year's months, quarters, halves, nine months and year. */
function periodChoices(today: string): Period[] {
  const year = Number(today.slice(0, 4));
  return [year, year + 1].flatMap((y): Period[] => [
    ...Array.from({ length: 12 }, (_, i): Period => ({ type: 'month', year: y, index: i + 1 })),
    ...Array.from({ length: 4 }, (_, i): Period => ({ type: 'quarter', year: y, index: i + 1 })),
    { type: 'half', year: y, index: 1 },
    { type: 'half', year: y, index: 2 },
    { type: 'nine_months', year: y, index: 0 },
    { type: 'year', year: y, index: 0 },
  ]);
}

/** Minutes as a person writes them: 2,5. */
function minutesText(seconds: number): string {
  return String(Math.round((seconds / 60) * 10) / 10).replace('.', ',');
}

/** "đã phát N" of every item, for the dashboard. */
export function ContentAired(props: { ctx: ConsoleContext }) {
  const items = useLoad(() => props.ctx.api.listSentContent(), [props.ctx.api]);
  if (!items.value || items.value.length === 0) return null;
  return (
    <section class="content-aired" data-testid="content-aired">
      <h2>{ct('content.list')}</h2>
      <ul>
        {items.value.map((item) => (
          <li key={item.id}>
            <a href="#/content">{item.title}</a>: {ct('content.aired', { n: item.airings })}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ContentScreen(props: { ctx: ConsoleContext }) {
  const items = useLoad(() => props.ctx.api.listSentContent(), [props.ctx.api]);
  return (
    <div class="content-screen">
      <PublishForm ctx={props.ctx} onSent={items.reload} />
      <h2>{ct('content.list')}</h2>
      {items.error && <p role="alert">{ct('error', { reason: items.error })}</p>}
      {items.value && items.value.length === 0 && <p>{ct('content.none')}</p>}
      {items.value?.map((item) => (
        <ContentTable key={item.id} item={item} />
      ))}
    </div>
  );
}

function ContentTable(props: { item: ContentReport }) {
  const { item } = props;
  const downloaded = item.deliveries.filter((d) => d.downloadedAt).length;
  const aired = item.deliveries.filter((d) => d.airings > 0).length;
  return (
    <section class="content-report" data-id={item.id}>
      <h3>
        {item.title} <span data-testid="aired">({ct('content.aired', { n: item.airings })})</span>
      </h3>
      <p>
        {ct('content.summary', {
          downloaded,
          total: item.deliveries.length,
          aired,
          silent: item.deliveries.length - aired,
        })}
        {item.due && ` · ${ct('content.due')}: ${formatDateVi(item.due)}`}
      </p>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th>{ct('content.unit')}</th>
              <th>{ct('content.downloaded')}</th>
              <th class="r">{ct('content.airings')}</th>
              <th class="r">{ct('content.receivedCopies')}</th>
            </tr>
          </thead>
          <tbody>
            {item.deliveries.map((d) => (
              <tr key={d.unitId} class={d.airings === 0 && d.received === 0 ? 'silent' : undefined}>
                <td>{d.unitName}</td>
                <td>{d.downloadedAt ? formatDateTimeVi(d.downloadedAt) : ct('content.notDownloaded')}</td>
                <td class="r">{d.airings}</td>
                <td class="r">{d.received}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PublishForm(props: { ctx: ConsoleContext; onSent: () => void }) {
  const plans = useLoad(() => props.ctx.api.listPlans(), [props.ctx.api]);
  const [kind, setKind] = useState<ContentKind>('audio');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [script, setScript] = useState('');
  const [minutes, setMinutes] = useState('');
  // The file's own length, kept to the second while the minutes shown are the file's rounded.
  const [measured, setMeasured] = useState<number | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [period, setPeriod] = useState('');
  const [task, setTask] = useState('');
  const [to, setTo] = useState<UnitKind[]>(['station']);
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [topics, setTopics] = useState('');
  const [expectation, setExpectation] = useState('');
  const [minAirings, setMinAirings] = useState('');
  const [due, setDue] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const language = consoleLanguage();
  // The units below that may be named one by one (every kind but the publisher itself), by name.
  // (Sorted once: the form renders again at every chunk a file upload sends.)
  const units = useMemo(
    () =>
      props.ctx.units
        .filter((unit) => unit.id !== props.ctx.root.id)
        .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    [props.ctx.units, props.ctx.root.id],
  );

  // An item published whose file the server does not hold whole yet: "Gửi tiếp" goes on with the
  // same item (never a second one) from the last chunk the server holds.
  const [pending, setPending] = useState<{ input: ContentInput; file: File } | null>(null);

  /** The file from where the server stands; a dropped link is tried again by itself a few times. */
  const upload = async (sha256: string, picked: File) => {
    let held = 0;
    const percent = () => Math.floor((held / picked.size) * 100);
    for (let attempt = 0; ; attempt++) {
      try {
        setMessage(ct('content.sending', { percent: percent() }));
        await props.ctx.api.uploadFile(sha256, picked, (received) => {
          held = received;
          setMessage(ct('content.sending', { percent: percent() }));
        });
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        // A refusal (a file that is not what it says) is said as the server says it: sending the
        // rest would not help. A dropped link goes on from what the server holds.
        if (!(error instanceof ConsoleApiError && error.status === 0)) {
          setPending(null);
          throw error;
        }
        if (attempt >= UPLOAD_RETRIES.length)
          throw new Error(ct('content.interrupted', { percent: percent(), reason }));
        const wait = UPLOAD_RETRIES[attempt]!;
        setMessage(ct('content.retrying', { percent: percent(), seconds: wait / 1000 }));
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };

  const send = async () => {
    if (!title.trim()) return setMessage(ct('content.needTitle'));
    if (kind !== 'script' && !file) return setMessage(ct('content.needFile'));
    if (file && file.size > MAX_FILE_BYTES) return setMessage(ct('content.fileTooLarge'));
    const mime = file && kind !== 'script' ? await fileMime(kind, file) : null;
    if (file && kind !== 'script' && !mime)
      return setMessage(
        kind === 'audio'
          ? ct('content.notAudio', { name: file.name, types: AUDIO_TYPES_IN_WORDS })
          : ct('content.notDocument', { name: file.name }),
      );
    if (to.length === 0 && unitIds.length === 0) return setMessage(ct('content.needUnits'));
    setBusy(true);
    try {
      const [planId, taskId] = task ? task.split('|') : [null, null];
      const resumed =
        pending && kind !== 'script' && pending.file === file && pending.input.title === title.trim()
          ? pending.input
          : null;
      const input: ContentInput = resumed ?? {
        id: crypto.randomUUID(),
        kind,
        title: title.trim(),
        seconds:
          measured !== null && minutes === minutesText(measured)
            ? Math.round(measured)
            : minutes
              ? Math.round(Number(minutes.replace(',', '.')) * 60) || null
              : null,
        period: period.trim() || null,
        taskId: taskId ?? null,
        planId: planId ?? null,
        file:
          kind !== 'script' && file
            ? { sha256: await sha256Hex(file), size: file.size, mime: mime!, name: file.name }
            : null,
        script: kind === 'script' ? script : null,
        topics: topicsFromText(topics),
        unitIds,
        unitKinds: to,
        expectation: expectation.trim() || null,
        minAirings: minAirings ? Number(minAirings) : null,
        due: due || null,
        createdAt: new Date().toISOString(),
      };
      // Sent again after a cut: the server answers the same item.
      await props.ctx.api.publishContent(input);
      if (file && input.file) {
        setPending({ input, file });
        await upload(input.file.sha256, file);
      }
      setPending(null);
      setMessage(ct('content.sent', { title: input.title }));
      setTitle('');
      setFile(null);
      setFileKey((n) => n + 1);
      setMeasured(null);
      setMinutes('');
      setScript('');
      setTopics('');
      setUnitIds([]);
      props.onSent();
    } catch (error) {
      setMessage(ct('content.failed', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="content-publish"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h2>{ct('content.publish')}</h2>
      <fieldset>
        <legend>{ct('content.kind')}</legend>
        {KINDS.map((k) => (
          <label key={k}>
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
            {ct(`content.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {ct('content.title')}
        <input name="title" value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </label>
      {kind === 'script' ? (
        <label>
          {ct('content.script')}
          <textarea
            name="script"
            rows={8}
            value={script}
            onInput={(e) => setScript((e.target as HTMLTextAreaElement).value)}
          />
        </label>
      ) : (
        <label>
          {ct('content.file')}
          <input
            key={fileKey}
            type="file"
            name="file"
            accept={kind === 'audio' ? 'audio/*,.mp3,.m4a,.opus,.ogg,.wav' : '.pdf,.docx'}
            onChange={(e) => {
              const picked = (e.target as HTMLInputElement).files?.[0] ?? null;
              setFile(picked);
              if (picked && kind === 'audio')
                void audioSeconds(picked).then((s) => {
                  if (!s) return;
                  setMeasured(s);
                  setMinutes(minutesText(s));
                });
            }}
          />
        </label>
      )}
      <label>
        {ct('content.minutes')}
        <input
          name="minutes"
          inputMode="decimal"
          value={minutes}
          onInput={(e) => setMinutes((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {ct('content.topics')}
        <input name="topics" value={topics} onInput={(e) => setTopics((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {ct('content.period')}
        <select name="period" value={period} onChange={(e) => setPeriod((e.target as HTMLSelectElement).value)}>
          <option value="">{ct('content.noPeriod')}</option>
          {periodChoices(props.ctx.today).map((p) => (
            <option key={formatPeriodCode(p)} value={formatPeriodCode(p)}>
              {periodLabel(p, language)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {ct('content.task')}
        <select name="task" value={task} onChange={(e) => setTask((e.target as HTMLSelectElement).value)}>
          <option value="">{ct('content.noTask')}</option>
          {plans.value?.flatMap((plan) =>
            plan.tasks.map((t) => (
              <option key={`${plan.id}|${t.id}`} value={`${plan.id}|${t.id}`}>
                {t.ordinal ? `${t.ordinal}. ` : ''}
                {t.title}
              </option>
            )),
          )}
        </select>
      </label>
      <fieldset>
        <legend>{ct('content.to')}</legend>
        {TO.map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              name="to"
              value={k}
              checked={to.includes(k)}
              onChange={(e) => setTo((e.target as HTMLInputElement).checked ? [...to, k] : to.filter((x) => x !== k))}
            />{' '}
            {UNIT_KIND_LABELS[k][language]}
          </label>
        ))}
      </fieldset>
      <label>
        {ct('content.units')}
        <select
          name="unitIds"
          multiple
          size={6}
          onChange={(e) =>
            setUnitIds([...(e.target as HTMLSelectElement).selectedOptions].map((option) => option.value))
          }
        >
          {units.map((unit) => (
            <option key={unit.id} value={unit.id} selected={unitIds.includes(unit.id)}>
              {unit.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {ct('content.expectation')}
        <input
          name="expectation"
          value={expectation}
          onInput={(e) => setExpectation((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {ct('content.minAirings')}
        <input
          name="minAirings"
          inputMode="numeric"
          value={minAirings}
          onInput={(e) => setMinAirings((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {ct('content.due')}
        <input type="date" name="due" value={due} onInput={(e) => setDue((e.target as HTMLInputElement).value)} />
        {/* The browser draws the field in its own language's order; the day is said as Vietnam writes it. */}
        {/^\d{4}-\d{2}-\d{2}$/.test(due) && <small class="date-words">{formatDateVi(due)}</small>}
      </label>
      <button type="submit" class="primary" disabled={busy}>
        {pending ? ct('content.resume') : ct('content.send')}
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
