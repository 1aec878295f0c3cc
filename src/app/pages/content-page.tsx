import { useEffect, useRef, useState } from 'preact/hooks';
import { AIRED_SHARE } from '../../shared/content';
import { formatDateVi, formatNumberVi } from '../../shared/format';
import { heldBytes, listContent, loggedOfContent, updateContent } from '../db/content';
import type { ContentRow, EntryDraft } from '../db/database';
import { saveEntry } from '../db/database';
import { useLiveQuery } from '../db/live';
import type { Scope } from '../db/queries';
import { formatBytes } from '../i18n/attachment-messages';
import { tc } from '../i18n/content-messages';
import { navigate, useRoute } from '../router';
import { useServices } from '../services';
import type { ActivityKind } from '../../shared/activity';
import { loggedFor, receivedDraft, relayDraft, vietnamTimeOf } from './content-entry';

// "Nội dung được gửi" (issue 15): what upstream sent to the phone's units, each with where its file
// stands and how many times it aired; a station plays a segment from here, offline, and logs the
// broadcast in one tap; a post-office point marks a material received in one tap.

type Logged = Map<string, { airings: number; received: number }>;

/** "3:07" from seconds. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function planLookup(scope: Scope): (taskId: string) => string | undefined {
  return (taskId) => scope.plans.find((p) => p.tasks.some((t) => t.id === taskId))?.id;
}

/** The entry's unit, when not the phone's own: the one of its scope the item was sent to (see `loggedFor`). */
function forUnit(row: ContentRow, kind: ActivityKind, scope: Scope): Pick<EntryDraft, 'unitId'> {
  const unitId = loggedFor(row.forUnitIds, kind, scope.meta.unitId ?? null, scope.units);
  return unitId ? { unitId } : {};
}

/** "Ghi cho Trạm truyền thanh…" when an entry goes to a unit other than the phone's own. */
function forUnitLine(draft: EntryDraft, scope: Scope): string {
  const unit = draft.unitId ? scope.units.find((u) => u.id === draft.unitId) : undefined;
  return unit ? tc('loggedFor', { unit: unit.name }) : '';
}

function fileLine(row: ContentRow): string {
  if (!row.file || row.fileState === 'done') return row.file ? tc('downloaded') : '';
  if (!row.complete) return tc('notReady');
  if (row.error === 'full') return tc('full');
  if (row.fileState === 'ask' && row.error === 'corrupt') return tc('corrupt');
  if (row.fileState === 'ask') return tc('ask', { size: formatBytes(row.file.size) });
  const held = heldBytes(row);
  if (row.fileState === 'downloading' || held > 0)
    return tc('downloading', { percent: Math.floor((held / row.file.size) * 100) });
  return tc('waiting');
}

/** The list, or one item opened (`#/content/<id>`). */
export function ContentPage(props: { scope: Scope }) {
  const { db } = useServices();
  const route = useRoute();
  const rows = useLiveQuery(() => listContent(db), [], null);
  const logged = useLiveQuery(() => loggedOfContent(db), [], new Map() as Logged);
  const openId = route.path[1];
  const open = openId ? rows?.find((r) => r.id === openId) : undefined;
  if (rows === null) return <div class="page loading" />;
  if (open) return <ContentItemView row={open} scope={props.scope} logged={logged.get(open.id)} />;
  return (
    <div class="page content">
      <h1>{tc('title')}</h1>
      {rows.length === 0 ? (
        <p class="empty">{tc('empty')}</p>
      ) : (
        <ul class="content-list">
          {rows.map((row) => (
            <ContentLine key={row.id} row={row} scope={props.scope} logged={logged.get(row.id)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function airedText(row: ContentRow, aired: number): string {
  return row.minAirings ? tc('airedOf', { n: aired, min: row.minAirings }) : tc('aired', { n: aired });
}

function ContentLine(props: {
  row: ContentRow;
  scope: Scope;
  logged: { airings: number; received: number } | undefined;
}) {
  const { db, scheduler } = useServices();
  const { row } = props;
  // Sent to a post-office point: the point's own phone, or its commune's, marks it received.
  const toPostOffice = row.forUnitIds.some((id) => props.scope.units.find((u) => u.id === id)?.kind === 'post_office');
  const copies = useRef<HTMLInputElement | null>(null);
  const [said, setSaid] = useState('');
  const aired = props.logged?.airings ?? 0;
  const received = props.logged?.received ?? 0;
  const markReceived = async () => {
    const n = Math.max(1, Math.floor(Number(copies.current?.value) || 1));
    const draft = {
      ...receivedDraft(row, n, new Date(), planLookup(props.scope)),
      ...forUnit(row, 'material', props.scope),
    };
    await saveEntry(db, draft);
    scheduler.afterSave();
    setSaid(
      `${tc('receivedSaved', { n: formatNumberVi(n), title: row.title })} ${forUnitLine(draft, props.scope)}`.trim(),
    );
  };
  const allow = async () => {
    await updateContent(db, row.id, () => ({ allowed: true, fileState: 'none', error: null }));
    void scheduler.refreshContent();
  };
  return (
    <li class="content-item" data-id={row.id} data-state={row.fileState}>
      <a href={`#/content/${row.id}`} class="content-open">
        <strong>{row.title}</strong>
        {row.seenAt === null && <span class="badge new">{tc('new')}</span>}
      </a>
      <p class="content-meta">
        {tc(row.kind)}
        {row.seconds ? ` · ${clock(row.seconds)}` : ''} · {tc('from', { unit: row.unitName })}
      </p>
      {row.expectation && <p class="content-expect">{row.expectation}</p>}
      <p class="content-status">
        <span data-testid="file-state">{fileLine(row)}</span>
        {row.kind !== 'document' && (
          // A script has no file line: its aired count starts the line, with no separator before it.
          <span data-testid="aired">
            {row.file ? ' · ' : ''}
            {airedText(row, aired)}
          </span>
        )}
        {received > 0 && <span> · {tc('received', { n: formatNumberVi(received) })}</span>}
        {row.due && <span> · {tc('due', { date: formatDateVi(row.due) })}</span>}
      </p>
      {row.fileState === 'ask' && row.file && (
        <button type="button" onClick={() => void allow()}>
          {tc('download', { size: formatBytes(row.file.size) })}
        </button>
      )}
      {toPostOffice && row.kind !== 'audio' && (
        <div class="content-received">
          <label>
            {tc('copies')} <input name="copies" inputMode="numeric" ref={copies} defaultValue="1" size={5} />
          </label>
          <button type="button" onClick={() => void markReceived()}>
            {tc('markReceived')}
          </button>
          {said && <p role="status">{said}</p>}
        </div>
      )}
    </li>
  );
}

/** One item opened: the player of a segment, a script in large type, or a document to open. */
function ContentItemView(props: {
  row: ContentRow;
  scope: Scope;
  logged: { airings: number; received: number } | undefined;
}) {
  const { db } = useServices();
  const { row } = props;
  useEffect(() => {
    if (row.seenAt === null) void updateContent(db, row.id, () => ({ seenAt: new Date().toISOString() }));
  }, [db, row.id, row.seenAt]);
  return (
    <div class="page content-view">
      <button type="button" class="link" onClick={() => navigate('/content')}>
        ← {tc('back')}
      </button>
      <h1>{row.title}</h1>
      <p class="content-meta">
        {airedText(row, props.logged?.airings ?? 0)}
        {row.due && ` · ${tc('due', { date: formatDateVi(row.due) })}`}
      </p>
      {row.expectation && <p class="content-expect">{row.expectation}</p>}
      {row.kind === 'audio' ? (
        row.blob ? (
          <Player row={row} blob={row.blob} scope={props.scope} />
        ) : (
          <p class="empty">{tc('notHeld')}</p>
        )
      ) : row.kind === 'script' ? (
        <ScriptReader row={row} scope={props.scope} />
      ) : row.blob ? (
        <FileLink blob={row.blob} name={row.file?.name ?? row.title} />
      ) : (
        <p class="empty">{tc('notHeld')}</p>
      )}
    </div>
  );
}

/** A link that opens a document the phone holds (its object URL let go when the link goes). */
function FileLink(props: { blob: Blob; name: string }) {
  const [url] = useState(() => URL.createObjectURL(props.blob));
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <a class="button" href={url} download={props.name}>
      {tc('openFile')}
    </a>
  );
}

/** The broadcast entry offered once a segment or a script has aired, saved with one tap. */
function Offer(props: { draft: EntryDraft; at: Date; scope: Scope; onDone: () => void }) {
  const { db, scheduler } = useServices();
  const [saved, setSaved] = useState(false);
  const box = useRef<HTMLDivElement | null>(null);
  useEffect(() => box.current?.scrollIntoView?.({ block: 'nearest' }), []);
  const minutes = Number(props.draft.figures.minutes);
  if (saved)
    return (
      <p class="offer saved" role="status">
        {tc('saved')}
      </p>
    );
  return (
    <div class="offer" role="dialog" aria-label={tc('save')} ref={box}>
      <p>
        {tc('offer', {
          title: props.draft.title,
          minutes: formatNumberVi(minutes),
          date: formatDateVi(props.draft.date),
          time: vietnamTimeOf(props.at),
        })}{' '}
        {forUnitLine(props.draft, props.scope)}
      </p>
      <button
        type="button"
        class="primary big"
        data-testid="save-relay"
        onClick={() =>
          void saveEntry(db, props.draft).then(() => {
            setSaved(true);
            scheduler.afterSave();
          })
        }
      >
        {tc('save')}
      </button>
      <button type="button" class="link" onClick={props.onDone}>
        {tc('dismiss')}
      </button>
    </div>
  );
}

function Player(props: { row: ContentRow; blob: Blob; scope: Scope }) {
  const { row } = props;
  const audio = useRef<HTMLAudioElement | null>(null);
  const played = useRef(0);
  const last = useRef(0);
  const [playing, setPlaying] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [duration, setDuration] = useState(row.seconds ?? 0);
  const [offer, setOffer] = useState<{ draft: EntryDraft; at: Date } | null>(null);
  const [failure, setFailure] = useState('');
  const [url] = useState(() => URL.createObjectURL(props.blob));
  useEffect(() => () => URL.revokeObjectURL(url), [url]);

  const finish = () => {
    const element = audio.current!;
    const total = Number.isFinite(element.duration) ? element.duration : duration;
    // Offered when it played to the end, or was stopped after most of it.
    if (played.current >= AIRED_SHARE * total || element.ended) {
      const at = new Date();
      const note = tc('playedAt', { time: vietnamTimeOf(at) });
      const draft = relayDraft(row, played.current, at, planLookup(props.scope), note);
      setOffer({ draft: { ...draft, ...forUnit(row, 'broadcast', props.scope) }, at });
    }
  };
  const toggle = () => {
    const element = audio.current!;
    if (element.paused) element.play().catch((error: unknown) => setFailure(String(error)));
    else element.pause();
  };
  const stop = () => {
    const element = audio.current!;
    element.pause();
    // The time on air since the last timeupdate counts too (a stop lands between two of them).
    const step = element.currentTime - last.current;
    if (step > 0 && step < 2) played.current += step;
    last.current = element.currentTime;
    finish();
    played.current = 0;
    element.currentTime = 0;
  };

  useEffect(() => {
    const session = (navigator as Navigator & { mediaSession?: MediaSession }).mediaSession;
    if (!session || typeof MediaMetadata === 'undefined') return;
    session.metadata = new MediaMetadata({ title: row.title, artist: row.unitName, album: tc('title') });
    session.setActionHandler('play', () => void audio.current?.play());
    session.setActionHandler('pause', () => audio.current?.pause());
    session.setActionHandler('stop', stop);
    return () => {
      for (const action of ['play', 'pause', 'stop'] as const) session.setActionHandler(action, null);
    };
  });

  return (
    <div class="player">
      {/* biome-ignore lint/a11y/useMediaCaption: a programme relayed to loudspeakers; its script, if any, is its text */}
      <audio
        ref={audio}
        src={url}
        preload="auto"
        onLoadedMetadata={(e) => {
          const d = (e.target as HTMLAudioElement).duration;
          if (Number.isFinite(d)) setDuration(d);
        }}
        onPlay={() => {
          last.current = audio.current!.currentTime;
          setPlaying(true);
          setOffer(null);
        }}
        onPause={() => setPlaying(false)}
        onTimeUpdate={() => {
          const now = audio.current!.currentTime;
          const step = now - last.current;
          // Real time on air: steps of playback, not jumps of a seek.
          if (step > 0 && step < 2 * Math.max(1, audio.current!.playbackRate)) played.current += step;
          last.current = now;
          setElapsed(now);
        }}
        onEnded={() => {
          const element = audio.current!;
          played.current += Math.max(0, element.currentTime - last.current);
          last.current = element.currentTime;
          setPlaying(false);
          finish();
          played.current = 0;
        }}
      />
      {/* Above the button, where a small screen shows it without scrolling. */}
      {offer && <Offer draft={offer.draft} at={offer.at} scope={props.scope} onDone={() => setOffer(null)} />}
      <button type="button" class="play-button" data-testid="play" onClick={toggle} aria-pressed={playing}>
        {playing ? '❚❚' : '▶'}
        <span class="play-label">{playing ? tc('pause') : tc('play')}</span>
      </button>
      <p class="elapsed" data-testid="elapsed">
        {tc('elapsed', { elapsed: clock(elapsed), total: clock(duration) })}
      </p>
      <button type="button" onClick={stop}>
        {tc('stop')}
      </button>
      {failure && (
        <p class="error" role="alert">
          {tc('cannotPlay', { reason: failure })}
        </p>
      )}
    </div>
  );
}

function ScriptReader(props: { row: ContentRow; scope: Scope }) {
  const { row } = props;
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [offer, setOffer] = useState<{ draft: EntryDraft; at: Date } | null>(null);
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [startedAt]);
  const end = () => {
    const at = new Date();
    const seconds = (at.getTime() - (startedAt ?? at.getTime())) / 1000;
    setStartedAt(null);
    const note = tc('playedAt', { time: vietnamTimeOf(at) });
    const draft = relayDraft(row, seconds, at, planLookup(props.scope), note);
    setOffer({ draft: { ...draft, ...forUnit(row, 'broadcast', props.scope) }, at });
  };
  return (
    <div class="script-reader">
      <p class="elapsed" data-testid="elapsed">
        {clock(startedAt === null ? 0 : (now - startedAt) / 1000)}
        {row.seconds ? ` / ${clock(row.seconds)}` : ''}
      </p>
      {startedAt === null ? (
        <button type="button" class="primary big" onClick={() => setStartedAt(Date.now())}>
          {tc('startReading')}
        </button>
      ) : (
        <button type="button" class="primary big" onClick={end}>
          {tc('endReading')}
        </button>
      )}
      {offer && <Offer draft={offer.draft} at={offer.at} scope={props.scope} onDone={() => setOffer(null)} />}
      <div class="script-text">
        {(row.script ?? '').split(/\n+/).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
    </div>
  );
}
