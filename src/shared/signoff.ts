import * as z from 'zod/mini';
import { formatDateVi, vietnamDateOf } from './format';
import {
  type DueDatePlan,
  type Period,
  type PeriodBasis,
  formatPeriodCode,
  periodBasisSchema,
  periodCodeSchema,
  periodRange,
  unitReportDueDate,
} from './period';
import { addToTotals, type Fact, type Totals } from './report';
import { indexUnits, subtreeOf, type Unit } from './unit';
import type { Text } from './text';

/**
 * Closing a period: a unit submits its period's report ("Gửi báo cáo kỳ"), its supervisor approves
 * it or returns it with a comment, and supervisors nudge units that are behind. The wire shapes and
 * the words both sides show live here.
 */

/** Where a unit's submission of a period stands. */
export type SubmissionStatus = 'submitted' | 'approved' | 'returned';

/** Whether a unit's report of a period came by its due date (`unitReportDueDate`). */
export type Timeliness = 'on_time' | 'late' | 'missing';

/** `POST /submissions`: the phone's submission, made offline if need be, idempotent by `id`. */
export const submitRequestSchema = z.object({
  id: z.uuid('Mã lần gửi không hợp lệ.'),
  unitId: z.string().check(z.minLength(1), z.maxLength(64)),
  period: periodCodeSchema,
  basis: periodBasisSchema,
  /** The phone's clock when the person pressed "Gửi báo cáo kỳ" (kept, not trusted). */
  submittedAt: z.iso.datetime({ offset: true }),
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});
export type SubmitRequest = z.infer<typeof submitRequestSchema>;

/** `POST /submissions/:id/return`: a return must say what to fix. */
export const returnRequestSchema = z.object({
  comment: z
    .string()
    .check(z.trim(), z.minLength(1, 'Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.'), z.maxLength(1000)),
});

/** `POST /submissions/:id/approve`: an optional comment. */
export const approveRequestSchema = z.object({
  comment: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});

/** One submission of a unit's period, as the server keeps it. */
export interface Submission {
  id: string;
  unitId: string;
  period: string;
  basis: PeriodBasis;
  status: SubmissionStatus;
  /** The server's clock at receipt: what on time is judged by. */
  submittedAt: string;
  /** The phone's clock when the person submitted. */
  deviceSubmittedAt: string;
  deviceId: string;
  note: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  comment: string | null;
  /** The figures as submitted: the unit's (and its subtree's) totals and entry count then. */
  snapshot: { totals: Totals; entries: number };
}

/** One step of a period's history: a submission, an approval, a return. */
export interface PeriodEvent {
  action: 'submit' | 'approve' | 'return';
  submissionId: string;
  unitId: string;
  unitName: string;
  period: string;
  basis: PeriodBasis;
  at: string;
  deviceId: string | null;
  deviceName: string | null;
  comment: string | null;
}

/** `POST /nudges`: a supervisor's short message to units of its subtree. */
export const nudgeRequestSchema = z.object({
  unitIds: z
    .array(z.string().check(z.minLength(1), z.maxLength(64)))
    .check(z.minLength(1, 'Hãy chọn ít nhất một đơn vị.'), z.maxLength(5000)),
  message: z
    .string()
    .check(z.trim(), z.minLength(1, 'Hãy viết nội dung nhắc.'), z.maxLength(300, 'Lời nhắc dài tối đa 300 ký tự.')),
});

/** A nudge as a phone receives it. */
export interface Nudge {
  id: string;
  unitId: string;
  message: string;
  fromName: string;
  createdAt: string;
}

/** `GET /signoff`: what a phone learns after its sync: its unit's submissions and recent nudges. */
export interface SignoffStatusResponse {
  submissions: Submission[];
  nudges: Nudge[];
}

/** A unit's line of a period's sign-off, in the report and the console's grid. */
export interface SignoffUnit {
  unitId: string;
  name: string;
  status: SubmissionStatus | null;
  timeliness: Timeliness;
  /** The last day on time for this unit: the day its plans set, else the national rule. */
  dueDate: string;
  /** The latest submission's id, to approve or return it. */
  submissionId: string | null;
  /** The first submission's receipt, what timeliness is judged by. */
  firstSubmittedAt: string | null;
  decidedAt: string | null;
  comment: string | null;
  /** An entry of the period was added or changed after the approval. */
  changedAfterApproval: boolean;
  /** The figures as approved (the approved submission's snapshot); null until approved. */
  approvedTotals: Totals | null;
  /** The figures now, from the entries the server holds. */
  currentTotals: Totals;
}

/** The sign-off of a period over the reporting units (communes) of a subtree. */
export interface SignoffSummary {
  /** The earliest of the units' due dates (the report's unit's when no unit reports). */
  dueDate: string;
  /** The latest of them: the same day unless the units' plans set different days. */
  lastDueDate: string;
  units: SignoffUnit[];
  counts: { units: number; onTime: number; late: number; missing: number; approved: number };
  /** The sum of the approved figures of the approved units. */
  approvedTotals: Totals;
}

/** On time, late or missing: the first submission's Vietnam date against the unit's due date. */
export function timelinessOf(firstSubmittedAt: string | null, dueDate: string): Timeliness {
  if (!firstSubmittedAt) return 'missing';
  return vietnamDateOf(firstSubmittedAt) <= dueDate ? 'on_time' : 'late';
}

/** The counts of a sign-off's units. */
export function countSignoff(units: readonly Pick<SignoffUnit, 'timeliness' | 'status'>[]): SignoffSummary['counts'] {
  const counts = { units: units.length, onTime: 0, late: 0, missing: 0, approved: 0 };
  for (const unit of units) {
    if (unit.timeliness === 'on_time') counts.onTime++;
    else if (unit.timeliness === 'late') counts.late++;
    else counts.missing++;
    if (unit.status === 'approved') counts.approved++;
  }
  return counts;
}

/** What the sign-off of a period is computed from. */
export interface SignoffInput {
  /** The report's unit with its subtree (ancestors may be there too). */
  units: readonly Unit[];
  reportUnitId: string;
  period: Period;
  basis: PeriodBasis;
  /** The period's facts of the subtree (others are ignored). */
  facts: readonly Fact[];
  /** Every submission of the period by the subtree's units, in the order they came. */
  submissions: readonly Submission[];
  /** The units whose approved period changed after the approval. */
  changedAfterApproval: ReadonlySet<string>;
  /** The plans that govern a unit (those its phone holds), whose schedules may set its due date. */
  plansOf: (unitId: string) => readonly DueDatePlan[];
}

/**
 * The units that report a period: the communes of the subtree that exist in it (the report's own
 * unit when it is one), by name.
 */
export function reportingUnits(
  units: readonly Unit[],
  reportUnitId: string,
  period: Period,
  basis: PeriodBasis,
): Unit[] {
  const range = periodRange(period, basis);
  const index = indexUnits(units);
  return subtreeOf(index, reportUnitId)
    .filter(
      (u) =>
        u.kind === 'commune' && (!u.validFrom || u.validFrom <= range.to) && (!u.validTo || u.validTo >= range.from),
    )
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/**
 * The sign-off of a period over the reporting units of a subtree: each unit's latest submission,
 * whether its first came on time, its approved figures beside its current ones, and the counts.
 */
export function computeSignoff(input: SignoffInput): SignoffSummary {
  const range = periodRange(input.period, input.basis);
  const index = indexUnits(input.units);
  const code = formatPeriodCode(input.period);
  const mine = (unitId: string) =>
    input.submissions.filter((s) => s.unitId === unitId && s.period === code && s.basis === input.basis);
  const factsOf = new Map<string, Fact[]>();
  for (const fact of input.facts) {
    if (fact.date < range.from || fact.date > range.to) continue;
    const list = factsOf.get(fact.unitId) ?? [];
    factsOf.set(fact.unitId, list);
    list.push(fact);
  }
  const approvedTotals: Totals = {};
  const units = reportingUnits(input.units, input.reportUnitId, input.period, input.basis).map((unit): SignoffUnit => {
    const submissions = mine(unit.id);
    const first = submissions[0] ?? null;
    const latest = submissions.at(-1) ?? null;
    const currentTotals: Totals = {};
    for (const member of subtreeOf(index, unit.id)) {
      for (const fact of factsOf.get(member.id) ?? []) addToTotals(currentTotals, fact);
    }
    const approved = latest?.status === 'approved' ? latest.snapshot.totals : null;
    if (approved) addTotals(approvedTotals, approved);
    const dueDate = unitReportDueDate(input.period, input.basis, input.plansOf(unit.id));
    return {
      unitId: unit.id,
      name: unit.name,
      status: latest?.status ?? null,
      timeliness: timelinessOf(first?.submittedAt ?? null, dueDate),
      dueDate,
      submissionId: latest?.id ?? null,
      firstSubmittedAt: first?.submittedAt ?? null,
      decidedAt: latest?.decidedAt ?? null,
      comment: latest?.comment ?? null,
      changedAfterApproval: latest?.status === 'approved' && input.changedAfterApproval.has(unit.id),
      approvedTotals: approved,
      currentTotals,
    };
  });
  const dueDates = units.map((u) => u.dueDate).sort();
  const own = unitReportDueDate(input.period, input.basis, input.plansOf(input.reportUnitId));
  return {
    dueDate: dueDates[0] ?? own,
    lastDueDate: dueDates.at(-1) ?? own,
    units,
    counts: countSignoff(units),
    approvedTotals,
  };
}

/** Adds one totals object into another. */
export function addTotals(into: Totals, more: Totals): void {
  for (const [kind, figures] of Object.entries(more)) {
    const target = into[kind as keyof Totals] ?? {};
    into[kind as keyof Totals] = target;
    for (const [name, value] of Object.entries(figures ?? {})) target[name] = (target[name] ?? 0) + value;
  }
}

const t = (vi: string, en: string): Text => ({ vi, en });

/** The words of sign-off, on the phone and in the console alike. */
export const SIGNOFF_TEXT = {
  submit: t('Gửi báo cáo kỳ', 'Submit the period report'),
  submitConfirm: t(
    'Gửi số liệu {period} lên cấp trên? Số liệu lúc gửi được lưu lại để duyệt.',
    'Send the figures of {period} upstream? The figures as sent are kept for approval.',
  ),
  queued: t('Đã lưu lần gửi, sẽ gửi khi có mạng.', 'Saved: it will be sent when online.'),
  submitted: t('Đã gửi, chờ duyệt', 'Sent, awaiting approval'),
  approved: t('Đã duyệt', 'Approved'),
  returned: t('Bị trả lại', 'Returned'),
  notSubmitted: t('Chưa gửi', 'Not sent'),
  resubmit: t('Gửi lại báo cáo kỳ', 'Submit again'),
  onTime: t('Đúng hạn', 'On time'),
  late: t('Trễ hạn', 'Late'),
  missing: t('Chưa gửi', 'Not submitted'),
  due: t('Hạn gửi: {date}', 'Due: {date}'),
  changedAfterApproval: t('thay đổi sau khi duyệt', 'changed after approval'),
  approve: t('Duyệt', 'Approve'),
  giveBack: t('Trả lại', 'Return'),
  comment: t('Ý kiến', 'Comment'),
  commentNeeded: t('Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.', 'Say why, so the unit knows what to fix.'),
  approvedFigure: t('Số đã duyệt', 'Approved'),
  currentFigure: t('Số hiện tại', 'Current'),
  history: t('Lịch sử kỳ báo cáo', 'Period history'),
  nudge: t('Gửi nhắc nhở', 'Send a reminder'),
  nudgeSent: t('Đã gửi nhắc nhở tới {n} đơn vị.', 'Reminder sent to {n} units.'),
  nudges: t('Nhắc nhở từ cấp trên', 'Reminders from upstream'),
  dismiss: t('Đã xem', 'Dismiss'),
} as const;

/** The status of a unit's period in words. */
export function statusText(status: SubmissionStatus | null, language: 'vi' | 'en' = 'vi'): string {
  if (status === 'approved') return SIGNOFF_TEXT.approved[language];
  if (status === 'returned') return SIGNOFF_TEXT.returned[language];
  if (status === 'submitted') return SIGNOFF_TEXT.submitted[language];
  return SIGNOFF_TEXT.notSubmitted[language];
}

/** The timeliness of a unit's period in words. */
export function timelinessText(timeliness: Timeliness, language: 'vi' | 'en' = 'vi'): string {
  return SIGNOFF_TEXT[timeliness === 'on_time' ? 'onTime' : timeliness][language];
}

/**
 * "18/21 xã gửi báo cáo đúng hạn (hạn 15/09/2021)", the province's count; when the communes' plans
 * set different days, the span of them.
 */
export function completenessLine(signoff: Pick<SignoffSummary, 'counts' | 'dueDate' | 'lastDueDate'>): string {
  const { counts, dueDate, lastDueDate } = signoff;
  const due =
    lastDueDate === dueDate
      ? `hạn ${formatDateVi(dueDate)}`
      : `hạn từ ${formatDateVi(dueDate)} đến ${formatDateVi(lastDueDate)} theo kế hoạch của từng xã`;
  return `${counts.onTime}/${counts.units} xã gửi báo cáo đúng hạn (${due}); ${counts.late} xã gửi trễ, ${counts.missing} xã chưa gửi; ${counts.approved} xã đã được duyệt.`;
}
