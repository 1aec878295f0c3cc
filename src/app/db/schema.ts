import Dexie, { type EntityTable } from 'dexie';
import type { Activity, ActivityInput, OutboxMutation, Plan, Unit } from '../../shared/index';
import type { AttachmentInput } from '../../shared/attachment';
import type { ContentItem } from '../../shared/content';
import type { HistoryItem } from '../../shared/history';
import type { Nudge, Submission } from '../../shared/signoff';
import { addFacts, type DailyRow, dailyRollupMiddleware, factOfEntry } from './daily';
import type { MetaRow } from './meta';

// The phone's IndexedDB: its tables and their versions. Phones in the field hold these databases:
// a change of stores is a new version with its upgrade, never an edit of an old one.

/** Where a local entry stands with the server. */
export type SyncState = 'pending' | 'synced' | 'conflict' | 'rejected';

/** An entry as the phone holds it: the server's fields plus its local sync state. */
export interface LocalActivity extends ActivityInput {
  voided: boolean;
  voidReason?: string | null;
  /** The server's receive time; null until the server has it. */
  receivedAt: string | null;
  syncState: SyncState;
  /** The version the server last confirmed; 0 while the server has never had it. */
  serverVersion: number;
  /** The server's reason for a rejection, in words a person can act on. */
  error?: string | null;
  /** The server's record when an edit conflicted with it. */
  conflictWith?: Activity | null;
}

/** An unsent mutation (or the stand-in of one too large to send); `entryId` lets the phone tell which entries still wait. */
export interface OutboxRow {
  seq: number;
  entryId: string;
  mutation: OutboxMutation;
  createdAt: string;
}

/** Where an attachment's bytes stand: waiting, going up, all on the server, or gone from the phone. */
export type AttachmentState = 'queued' | 'uploading' | 'done' | 'lost';

/** A photo or file kept with its entry until the server holds it (and after, while room allows). */
export interface AttachmentRow extends Omit<AttachmentInput, 'thumb'> {
  /**
   * The file itself (a photo already shrunk). Stored apart in `originals` since version 7, so that
   * dropping it is a delete, which a full quota still allows: null in the stored row, filled in by
   * the reads that send or weigh it; null too once dropped after the server confirmed it.
   */
  blob: Blob | null;
  /** The photo's thumbnail (JPEG), kept even when the original is dropped. */
  thumb: Blob | null;
  thumbSha256: string | null;
  state: AttachmentState;
  /**
   * Bytes of the original the server confirmed, as of the last change of state; while it goes up,
   * each acknowledged chunk is recorded in `uploadProgress` instead (a put of this row would write
   * its blobs again at every chunk).
   */
  uploaded: number;
  registered: boolean;
  thumbDone: boolean;
  originalDropped: boolean;
  /** Why the server refused it (quota full), in its words; null otherwise. */
  error: string | null;
}

/** An attachment's original, apart from its row (`AttachmentRow.blob`). */
export interface OriginalRow {
  id: string;
  blob: Blob;
}

/** How far an attachment's original has gone up: one small row per attachment, written at each acknowledged chunk. */
export interface UploadProgressRow {
  id: string;
  uploaded: number;
}

/**
 * An entry's history as the server last listed it to this phone, kept so that the entry's view
 * shows it offline (with when it was read).
 */
export interface HistoryCacheRow {
  /** The entry's id. */
  id: string;
  items: HistoryItem[];
  /** The phone's time when the server's answer arrived, ISO 8601. */
  fetchedAt: string;
}

/** Where a sent content item's file stands on the phone (issue 15). */
export type ContentFileState = 'none' | 'downloading' | 'ask' | 'done';

/** A content item upstream sent to this phone's units, with its file once downloaded. */
export interface ContentRow extends ContentItem {
  /** Which of the phone's units it was sent to. */
  forUnitIds: string[];
  /** When the person first opened it; null while it is new. */
  seenAt: string | null;
  fileState: ContentFileState;
  /** The parts downloaded so far, in order (a download resumes after them). */
  parts: Blob[];
  /** The whole file, once every byte arrived and its SHA-256 matched. */
  blob: Blob | null;
  /** The person allowed a large download on a costly link. */
  allowed: boolean;
  /** The server was told the phone holds it. */
  reported: boolean;
  /**
   * 'full' when the phone's storage refused a part: the download waits for room. 'corrupt' when a
   * download's bytes did not verify: tried once more by itself, then only at the person's tap.
   */
  error?: 'full' | 'corrupt' | null;
}

/**
 * A submission of a period ("Gửi báo cáo kỳ") as the phone keeps it: `queued` until the server
 * took it (offline, or sent before the answer came back), then the server's record as of the
 * phone's last sync.
 */
export interface SubmissionRow {
  id: string;
  unitId: string;
  period: string;
  basis: 'decree09' | 'calendar';
  /** The phone's clock when the person submitted. */
  submittedAt: string;
  note: string | null;
  state: 'queued' | 'sent';
  server: Submission | null;
  /** Why the server refused it, in its words (it stays queued no more). */
  error?: string | null;
  /**
   * The outbox's last `seq` when the person submitted (0: nothing was waiting): the changes up to
   * it go up before the submission, those made after it go up after it, so the figures the server
   * keeps are the ones the person saw. Absent on one queued by an older release (sent after the
   * whole sync, as that release did).
   */
  uptoSeq?: number;
}

/** A supervisor's nudge as the phone keeps it, until the person dismisses it. */
export interface NudgeRow extends Nudge {
  dismissed: boolean;
  /** A notification was shown for it (once). */
  notified: boolean;
}

/** The phone's IndexedDB database. */
export class AppDatabase extends Dexie {
  units!: EntityTable<Unit, 'id'>;
  plans!: EntityTable<Plan, 'id'>;
  activities!: EntityTable<LocalActivity, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;
  daily!: EntityTable<DailyRow, 'id'>;
  attachments!: EntityTable<AttachmentRow, 'id'>;
  content!: EntityTable<ContentRow, 'id'>;
  submissions!: EntityTable<SubmissionRow, 'id'>;
  nudges!: EntityTable<NudgeRow, 'id'>;
  uploadProgress!: EntityTable<UploadProgressRow, 'id'>;
  histories!: EntityTable<HistoryCacheRow, 'id'>;
  originals!: EntityTable<OriginalRow, 'id'>;

  constructor(name = 'cchc-field') {
    super(name);
    this.version(1).stores({
      units: '&id, parentId',
      plans: '&id',
      activities: '&id, date, [kind+date], taskId, syncState',
      outbox: '&seq, entryId',
      meta: '&key',
    });
    // Version 2 adds the daily roll-up home reads; it is built from the entries already held.
    this.version(2)
      .stores({ daily: '&id, date' })
      .upgrade(async (tx) => {
        const rows = new Map<string, DailyRow>();
        addFacts(rows, (await tx.table<LocalActivity>('activities').toArray()).map(factOfEntry), 1);
        await tx.table('daily').bulkPut([...rows.values()].filter((r) => r.entries > 0));
      });
    // Version 3 adds the photos and files of entries (issue 14): a new table, nothing else moves.
    this.version(3).stores({ attachments: '&id, activityId, state' });
    // Version 5 adds the content upstream sends (issue 15): a new table, nothing else moves.
    this.version(5).stores({ content: '&id' });
    // Version 6 adds closing the period (issue 16): submissions of periods and nudges, new tables.
    this.version(6).stores({ submissions: '&id, [period+basis]', nudges: '&id, createdAt' });
    // Version 7 (issue 14) keeps the originals of attachments and their upload progress apart from
    // the attachments' rows (dropping an original becomes a delete, which a full quota allows; a
    // chunk's acknowledgement no longer rewrites the blobs), and the entries' histories as last read
    // from the server. The upgrade moves each original held into its own row.
    this.version(7)
      .stores({ uploadProgress: '&id', histories: '&id', originals: '&id' })
      .upgrade(async (tx) => {
        const rows = await tx.table<AttachmentRow>('attachments').toArray();
        const held = rows.filter((r) => r.blob);
        await tx.table<OriginalRow>('originals').bulkPut(held.map((r) => ({ id: r.id, blob: r.blob! })));
        await tx.table<AttachmentRow>('attachments').bulkPut(held.map((r) => ({ ...r, blob: null })));
      });
    this.use(dailyRollupMiddleware);
  }
}

/**
 * Rebuilds the daily roll-up from the entries when it is missing them (entries written by a tool
 * that bypassed the app). Cheap when it is in step: two counts.
 */
export async function ensureDailyRollup(db: AppDatabase): Promise<void> {
  const [daily, entries] = await Promise.all([db.daily.count(), db.activities.count()]);
  if (daily > 0 || entries === 0) return;
  await db.transaction('rw', db.activities, db.daily, async () => {
    const rows = new Map<string, DailyRow>();
    addFacts(rows, (await db.activities.toArray()).map(factOfEntry), 1);
    await db.daily.clear();
    await db.daily.bulkPut([...rows.values()].filter((r) => r.entries > 0));
  });
}

/** Opens the database the app uses. */
export function openAppDatabase(name?: string): AppDatabase {
  return new AppDatabase(name);
}
