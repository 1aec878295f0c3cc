import type { Activity } from './activity';
import { formatDateVi, formatNumberVi } from './format';
import { kindDefinition } from './kinds';
import { formatLocation } from './location';
import type { Text } from './text';

/**
 * What a change of an entry was: its creation (by a phone or a file), an edit, a void, or a refused
 * conflict; or a step of the period it is counted in: submitted, approved, returned.
 */
export type HistoryAction = 'create' | 'edit' | 'void' | 'conflict' | 'import' | 'submit' | 'approve' | 'return';

/** The period steps an entry's history shows beside its changes. */
const PERIOD_ACTIONS: ReadonlySet<HistoryAction> = new Set(['submit', 'approve', 'return']);

/**
 * An entry's values at one change: the entry as it stood after it, or for a conflict the change
 * the server refused, with the version that change was made on (`baseVersion`).
 */
export type HistoryValues = Partial<Activity> & { baseVersion?: number };

/** One change of an entry, as `GET /activities/:id/history` lists them, oldest first. */
export interface HistoryItem {
  /** The entry's version after the change; for a conflict, the version that won. */
  version: number;
  action: HistoryAction;
  values: HistoryValues;
  deviceId: string | null;
  deviceName: string | null;
  /** The server's time of receipt, ISO 8601. */
  receivedAt: string;
  /** For a step of the period (`submit`, `approve`, `return`): which period, of which unit, and the comment. */
  period?: { code: string; label: string; unitName: string; comment: string | null };
  /**
   * On the phone only: a change saved on this phone the server has not acknowledged yet
   * (`receivedAt` is then the phone's time of saving).
   */
  unsent?: boolean;
}

/** The history route's answer. */
export interface HistoryResponse {
  items: HistoryItem[];
}

const t = (vi: string, en: string): Text => ({ vi, en });

/** The name of each action as the history shows it. */
export const HISTORY_ACTION_LABELS: Readonly<Record<HistoryAction, Text>> = {
  create: t('Tạo mới', 'Created'),
  edit: t('Sửa', 'Edited'),
  void: t('Hủy', 'Voided'),
  conflict: t('Xung đột (không được ghi)', 'Conflict (not saved)'),
  import: t('Nhập từ tệp', 'Imported from a file'),
  submit: t('Gửi báo cáo kỳ', 'Period submitted'),
  approve: t('Duyệt báo cáo kỳ', 'Period approved'),
  return: t('Trả lại báo cáo kỳ', 'Period returned'),
};

/** The words of the history section, on the phone and in the console alike. */
export const HISTORY_TEXT = {
  heading: t('Lịch sử thay đổi', 'Change history'),
  show: t('Lịch sử', 'History'),
  hide: t('Ẩn lịch sử', 'Hide history'),
  offline: t(
    'Cần có mạng để xem lịch sử thay đổi. Hãy bật Wi-Fi hoặc 4G rồi mở lại mục này.',
    'The change history needs a connection. Turn on Wi-Fi or mobile data and open this entry again.',
  ),
  unsent: t(
    'Mục này chưa được gửi lên máy chủ, nên chưa có lịch sử.',
    'This entry has not reached the server yet, so it has no history.',
  ),
  heldAsOf: t(
    'Không có mạng: đây là lịch sử máy đã tải lúc {time}. Cần có mạng để xem các thay đổi sau đó.',
    'Offline: this is the history as loaded at {time}. Later changes need a connection.',
  ),
  heldOnly: t(
    'Không có mạng: đây là những gì máy đang giữ. Cần có mạng để xem toàn bộ lịch sử thay đổi.',
    'Offline: this is what the phone holds. The whole change history needs a connection.',
  ),
  newerVersion: t(
    'Máy đã nhận phiên bản {n} của mục này; các thay đổi sau phiên bản {k} cần có mạng để xem.',
    'The phone holds version {n} of this entry; the changes after version {k} need a connection.',
  ),
  unsentMark: t('chưa gửi lên máy chủ, giờ trên máy', 'not sent yet, the phone’s time'),
  loading: t('Đang tải lịch sử…', 'Loading the history…'),
  failed: t('Không tải được lịch sử: {reason}', 'Could not load the history: {reason}'),
  none: t('Chưa có thay đổi nào được ghi.', 'No change recorded yet.'),
  device: t('máy', 'device'),
  unknownDevice: t('máy không rõ', 'unknown device'),
  location: t('Vị trí', 'Location'),
  openMap: t('mở bản đồ', 'open map'),
  mapApp: t('mở bằng ứng dụng bản đồ', 'open in a map app'),
} as const;

const WORDS = {
  title: t('Tiêu đề', 'Title'),
  date: t('Ngày', 'Date'),
  kind: t('Loại', 'Kind'),
  note: t('Ghi chú', 'Note'),
  topics: t('Chủ đề', 'Topics'),
  task: t('Nhiệm vụ', 'Task'),
  unit: t('Đơn vị', 'Unit'),
  location: t('Vị trí', 'Location'),
  changed: t('đã đổi', 'changed'),
  empty: t('(trống)', '(empty)'),
  voided: t('Hủy, lý do', 'Voided, reason'),
  restored: t('Bỏ hủy', 'Restored'),
  base: t('sửa trên phiên bản {n}', 'made on version {n}'),
  afterApproval: t('thay đổi sau khi duyệt', 'changed after approval'),
  comment: t('Ý kiến', 'Comment'),
} as const;

type Language = 'vi' | 'en';

/** A label without its parenthesised hint: "Kinh phí đã chi (đồng, nếu có)" → "Kinh phí đã chi". */
function shortLabel(label: Text, language: Language): string {
  return label[language].replace(/\s*\([^)]*\)\s*$/, '');
}

function figureText(kind: string | undefined, name: string, value: unknown, language: Language): string {
  if (value === undefined || value === null || value === '') return WORDS.empty[language];
  const field = kind ? kindDefinition(kind)?.fields.find((f) => f.name === name) : undefined;
  if (field?.type === 'choice') {
    const option = field.options.find((o) => o.id === value);
    if (option) return option.label[language];
  }
  return typeof value === 'number' ? formatNumberVi(value) : String(value);
}

function quoted(value: string | null | undefined, language: Language): string {
  return value ? `“${value}”` : WORDS.empty[language];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * What changed from one version of an entry to the next, one short line a field in words: "Số
 * phút: 10 → 15", "Ngày: 05/07/2021 → 06/07/2021", "Hủy, lý do: nhập trùng". Figures follow their
 * kind's order; a figure of a newer release is named as it came. Nothing for a creation.
 */
export function describeChanges(
  before: HistoryValues | null | undefined,
  after: HistoryValues,
  language: Language = 'vi',
): string[] {
  if (!before) return [];
  const lines: string[] = [];
  const say = (label: Text | string, from: string, to: string) =>
    lines.push(`${typeof label === 'string' ? label : label[language]}: ${from} → ${to}`);
  if (after.kind !== undefined && before.kind !== after.kind) {
    const name = (kind: string | undefined) => (kind && kindDefinition(kind)?.label[language]) || kind || '';
    say(WORDS.kind, name(before.kind), name(after.kind));
  }
  if (after.date !== undefined && before.date !== after.date) {
    say(WORDS.date, before.date ? formatDateVi(before.date) : WORDS.empty[language], formatDateVi(after.date));
  }
  if (after.title !== undefined && before.title !== after.title) {
    say(WORDS.title, quoted(before.title, language), quoted(after.title, language));
  }
  if (after.figures !== undefined) {
    const was = before.figures ?? {};
    const now = after.figures;
    const kind = after.kind ?? before.kind;
    const order = kind ? (kindDefinition(kind)?.fields.map((f) => f.name) ?? []) : [];
    const names = [...new Set([...order, ...Object.keys(was), ...Object.keys(now)])];
    for (const name of names) {
      if (same(was[name], now[name])) continue;
      const field = kind ? kindDefinition(kind)?.fields.find((f) => f.name === name) : undefined;
      say(
        field ? shortLabel(field.label, language) : name,
        figureText(kind, name, was[name], language),
        figureText(kind, name, now[name], language),
      );
    }
  }
  if (after.note !== undefined && (before.note ?? null) !== (after.note ?? null)) {
    say(WORDS.note, quoted(before.note, language), quoted(after.note, language));
  }
  if (after.topics !== undefined && !same(before.topics ?? [], after.topics ?? [])) {
    const list = (topics: string[] | undefined) => (topics?.length ? topics.join(', ') : WORDS.empty[language]);
    say(WORDS.topics, list(before.topics), list(after.topics));
  }
  if (after.taskId !== undefined && (before.taskId ?? null) !== (after.taskId ?? null)) {
    lines.push(`${WORDS.task[language]}: ${WORDS.changed[language]}`);
  }
  if (after.unitId !== undefined && before.unitId !== undefined && before.unitId !== after.unitId) {
    lines.push(`${WORDS.unit[language]}: ${WORDS.changed[language]}`);
  }
  if (after.location !== undefined && !same(before.location, after.location)) {
    const where = (p: HistoryValues['location']) => (p ? formatLocation(p, language) : WORDS.empty[language]);
    say(WORDS.location, where(before.location), where(after.location));
  }
  if (after.voided === true && before.voided !== true) {
    lines.push(`${WORDS.voided[language]}: ${after.voidReason || WORDS.empty[language]}`);
  } else if (after.voided === false && before.voided === true) {
    lines.push(WORDS.restored[language]);
  }
  return lines;
}

/** One change of the history, ready to show: its action's name, and what it changed in words. */
export interface HistoryLine {
  item: HistoryItem;
  action: string;
  changes: string[];
}

/**
 * The history in words, oldest first. Each change is compared with the version before it; a
 * refused conflict with the version it was made on, and the change after it with the version that
 * won (the conflict never became a version).
 */
export function describeHistory(items: readonly HistoryItem[], language: Language = 'vi'): HistoryLine[] {
  const versions = new Map<number, HistoryValues>();
  let latest: HistoryValues | null = null;
  // A change made while the period stood approved is marked, as the supervisor's grid marks it.
  let approved = false;
  return items.map((item) => {
    let changes: string[];
    if (PERIOD_ACTIONS.has(item.action)) {
      approved = item.action === 'approve';
      const period = item.period;
      changes = period ? [`${period.label} · ${period.unitName}`] : [];
      if (period?.comment) changes.push(`${WORDS.comment[language]}: ${period.comment}`);
      return { item, action: HISTORY_ACTION_LABELS[item.action][language], changes };
    }
    if (item.action === 'conflict') {
      const base = item.values.baseVersion !== undefined ? versions.get(item.values.baseVersion) : undefined;
      changes = describeChanges(base ?? latest, item.values, language);
      if (item.values.baseVersion !== undefined) {
        changes.unshift(WORDS.base[language].replace('{n}', String(item.values.baseVersion)));
      }
    } else {
      changes = describeChanges(latest, item.values, language);
      versions.set(item.version, item.values);
      latest = item.values;
    }
    const label = HISTORY_ACTION_LABELS[item.action][language];
    return {
      item,
      action: approved && item.action !== 'conflict' ? `${label} (${WORDS.afterApproval[language]})` : label,
      changes,
    };
  });
}
