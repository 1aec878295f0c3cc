import type { ColumnType, Generated, Selectable } from 'kysely';

/** A unit of the administrative tree; `path` is the chain of ids from the root, for subtree filters. */
export interface UnitRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
  path: string;
}

/** An enrolled phone or browser; only the SHA-256 of its token is kept. */
export interface DeviceRow {
  id: string;
  name: string;
  unit_id: string;
  role: string;
  token_hash: string;
  created_at: string;
  last_sync_at: string | null;
  pending: number;
  last_seq: number;
  revoked_at: string | null;
  /** Last synced as a first-release phone, which was served none of the newer kinds. */
  legacy_kinds: boolean;
  /** Moved to another unit (a merge): its next sync with a cursor answers a reset. */
  rescope?: boolean;
}

/** A one-time enrollment code; only its SHA-256 is kept. */
export interface EnrollmentCodeRow {
  code_hash: string;
  unit_id: string;
  role: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
  created_at: string;
  created_by: string | null;
}

/** An activity (entry) as stored; JSON columns hold what the phone sent. */
export interface ActivityTable {
  id: string;
  unit_id: string;
  kind: string;
  date: string;
  task_id: string | null;
  plan_id: string | null;
  title: string;
  topics: ColumnType<string[] | null, string | null, string | null>;
  figures: ColumnType<Record<string, number | string>, string, string>;
  note: string | null;
  location: ColumnType<{ lat: number; lon: number } | null, string | null, string | null>;
  device_id: string;
  created_at: string;
  received_at: string;
  version: number;
  voided: boolean;
  void_reason: string | null;
  updated_at: string;
}

/** One version of a plan; the newest published version is what phones see. */
export interface PlanTable {
  id: string;
  version: number;
  unit_id: string;
  number: string | null;
  title: string;
  issuer: string | null;
  year: number;
  issued_on: string | null;
  status: string;
  published_at: string | null;
  tasks: ColumnType<unknown[], string, string>;
  assignments: ColumnType<unknown[], string, string>;
  indicators: ColumnType<unknown[], string | undefined, string>;
  schedule: ColumnType<unknown | null, string | null | undefined, string | null>;
  updated_at: string;
}

/** The change log the pull cursor walks, ordered by (xid, id). */
export interface ChangeLogTable {
  id: Generated<ColumnType<number | string, never, never>>;
  xid: Generated<ColumnType<string, never, never>>;
  entity: string;
  entity_id: string;
  path: string;
  /** The device whose push wrote the change; null for changes made otherwise. */
  device_id: string | null;
}

/**
 * Daily roll-up of entries: sums per unit, date, kind, task and day of receipt, with one column per
 * sum of the kinds' definition (added by the roll-ups' own schema step, not by a migration).
 */
export interface FactRow {
  unit_id: string;
  date: string;
  kind: string;
  task_id: string;
  received_on: string;
  entries: number;
  count: number;
  [sum: string]: string | number;
}

/** Server-wide settings, e.g. the epoch that invalidates cursors of another database. */
export interface MetaRow {
  key: string;
  value: string;
}

/** The outcomes of one push, kept while the phone may ask again (a lost answer). */
export interface SyncResultBatchRow {
  device_id: string;
  first_seq: ColumnType<number, number, number>;
  last_seq: ColumnType<number, number, number>;
  /** The MutationResults as a JSON array. */
  results: string;
}

/** A finished file, content-addressed: stored once however many attachments name it. */
export interface FileRow {
  sha256: string;
  size: number;
  /** The type its bytes show. */
  mime: string;
  bytes: Uint8Array;
  created_at: string;
}

/** A file whose bytes are still arriving: its expected size and the bytes received so far. */
export interface FileUploadRow {
  sha256: string;
  size: number;
  received: number;
  updated_at: string;
}

/** One chunk of an upload in progress, at its byte offset. */
export interface FileChunkRow {
  sha256: string;
  offset: number;
  bytes: Uint8Array;
}

/** An attachment (a photo or file) of an entry, as its phone registered it. */
export interface AttachmentRow {
  id: string;
  activity_id: string;
  unit_id: string;
  device_id: string;
  sha256: string;
  name: string;
  mime: string;
  size: number;
  kind: string;
  width: number | null;
  height: number | null;
  thumb_sha256: string | null;
  thumb_size: number | null;
  created_at: string;
  received_at: string;
  lost: ColumnType<boolean, boolean | undefined, boolean>;
}

/** One change of an entry as the server received it (the entry's history). */
export interface ActivityHistoryTable {
  id: Generated<ColumnType<number | string, never, never>>;
  activity_id: string;
  version: number;
  /** 'create', 'edit', 'void', 'conflict' (refused, kept for the record) or 'import'. */
  action: string;
  /** The entry after the change; for a conflict, the refused change and its `baseVersion`. */
  values: ColumnType<Record<string, unknown>, string, string>;
  device_id: string | null;
  received_at: ColumnType<Date | string, string, string>;
  /** Written by the migration from the entry's state then, not as the change came. */
  carried_over: Generated<boolean>;
}

/** An old unit of the 2025 reform and a new unit it went into (one row per new unit of a partial merge). */
export interface UnitSuccessionRow {
  old_unit_id: string;
  new_unit_id: string;
  merge: 'full' | 'partial';
  /** The local date the new unit took over (2025-07-01). */
  effective_on: string;
  /** When the merge command carried the old unit's phones and tasks over; null until then. */
  merged_at?: string | null;
}

/** A content item upstream published (issue 15); its file, if any, is a row of `files` by SHA-256. */
export interface ContentItemRow {
  id: string;
  unit_id: string;
  device_id: string;
  kind: string;
  title: string;
  seconds: number | null;
  topics: ColumnType<string[] | null, string | null, string | null>;
  period: string | null;
  task_id: string | null;
  plan_id: string | null;
  sha256: string | null;
  size: number | null;
  mime: string | null;
  file_name: string | null;
  script: string | null;
  unit_ids: ColumnType<string[], string, string>;
  unit_kinds: ColumnType<string[], string, string>;
  expectation: string | null;
  min_airings: number | null;
  due: string | null;
  created_at: string;
  received_at: string;
}

/** A unit's phone downloaded an item whole (or marked it received). */
export interface ContentDownloadRow {
  content_id: string;
  unit_id: string;
  device_id: string;
  downloaded_at: string;
}

/** A unit's submission of a period (closing the period). */
export interface PeriodSubmissionTable {
  id: string;
  /** The order submissions came in (two may share an instant). */
  seq: Generated<ColumnType<number | string, never, never>>;
  unit_id: string;
  period: string;
  basis: string;
  status: string;
  submitted_at: ColumnType<Date | string, string, never>;
  device_submitted_at: string;
  device_id: string;
  note: string | null;
  snapshot: ColumnType<Record<string, unknown>, string, never>;
  decided_at: ColumnType<Date | string | null, string | null, string | null>;
  decided_by: string | null;
  comment: string | null;
}

/** One step of a period's history: submit, approve or return. */
export interface PeriodEventTable {
  id: Generated<ColumnType<number | string, never, never>>;
  submission_id: string;
  unit_id: string;
  period: string;
  basis: string;
  action: string;
  device_id: string | null;
  comment: string | null;
  at: ColumnType<Date | string, string, never>;
}

/** A supervisor's short message to a unit. */
export interface NudgeTable {
  id: string;
  unit_id: string;
  message: string;
  from_device_id: string;
  from_unit_id: string;
  created_at: ColumnType<Date | string, string, never>;
}

/** The database as Kysely sees it. */
export interface Database {
  units: UnitRow;
  devices: DeviceRow;
  enrollment_codes: EnrollmentCodeRow;
  activities: ActivityTable;
  plans: PlanTable;
  change_log: ChangeLogTable;
  facts: FactRow;
  meta: MetaRow;
  sync_result_batches: SyncResultBatchRow;
  files: FileRow;
  file_uploads: FileUploadRow;
  file_chunks: FileChunkRow;
  attachments: AttachmentRow;
  activity_history: ActivityHistoryTable;
  unit_successions: UnitSuccessionRow;
  content_items: ContentItemRow;
  content_downloads: ContentDownloadRow;
  period_submissions: PeriodSubmissionTable;
  period_events: PeriodEventTable;
  nudges: NudgeTable;
}

/** An activity row as read. */
export type ActivityRow = Selectable<ActivityTable>;
/** A plan row as read. */
export type PlanRow = Selectable<PlanTable>;
