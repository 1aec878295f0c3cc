import * as z from 'zod/mini';
import { activityKindSchema } from './activity';
import { kindDefinition, STOCKED_KINDS, stockOf } from './kinds';
import { PERIOD_TYPES } from './period';
import { unitKindSchema } from './unit';

/**
 * How often a task must be done: "01CT/tháng" is { count: 1, per: 'month' }. A plan that also
 * states the whole ("12CT; 01CT/tháng") keeps it in `total` (over the task's window or the plan
 * year); progress is judged on the cadence, and a target without `total` reads as before.
 */
export const targetSchema = z.object({
  count: z.int().check(z.gte(1), z.lte(100_000)),
  per: z.enum(['week', 'month', 'quarter', 'year', 'window']),
  atLeast: z.boolean(),
  total: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
});
export type Target = z.infer<typeof targetSchema>;

/** A window of local dates, both ends inclusive. */
export const dateWindowSchema = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .check(z.refine((w) => w.from <= w.to, { message: 'Ngày bắt đầu phải trước ngày kết thúc.' }));
export type DateWindow = z.infer<typeof dateWindowSchema>;

const name = z.string().check(z.maxLength(500));

/** A task (nhiệm vụ) of a plan, as imported and reviewed. */
export const taskSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  ordinal: z.string().check(z.maxLength(16)),
  title: z.string().check(z.minLength(1), z.maxLength(2000)),
  products: z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(50)),
  lead: z.array(name).check(z.maxLength(50)),
  cooperating: z.array(name).check(z.maxLength(50)),
  timing: z.string().check(z.maxLength(1000)),
  window: z.nullable(dateWindowSchema),
  deadline: z.nullable(z.iso.date()),
  target: z.nullable(targetSchema),
  budgetVnd: z.nullable(z.int().check(z.gte(0))),
  kinds: z.array(activityKindSchema),
  notes: z.nullable(z.string().check(z.maxLength(2000))),
});
export type Task = z.infer<typeof taskSchema>;

/**
 * Which units a task is assigned to: the unit `unitId` itself when `unitKind` is null, or every
 * unit of `unitKind` in the subtree of `unitId` ("UBND cấp xã" = every commune of the district).
 */
export const assignmentSchema = z.object({
  taskId: z.string().check(z.minLength(1), z.maxLength(64)),
  unitId: z.string().check(z.minLength(1), z.maxLength(64)),
  unitKind: z.nullable(unitKindSchema),
});
export type Assignment = z.infer<typeof assignmentSchema>;

/** How an indicator judges a unit: it logged the kind in each month or quarter, or it holds some. */
export const INDICATOR_MEASURES = ['logged', 'held'] as const;
export type IndicatorMeasure = (typeof INDICATOR_MEASURES)[number];

const STOCKED_LABELS = STOCKED_KINDS.map((kind) => `"${kindDefinition(kind)!.label.vi}"`).join(', ');
const STOCKED_NOUNS = STOCKED_KINDS.map((kind) => {
  const definition = kindDefinition(kind)!;
  const field = definition.fields.find((f) => f.name === definition.stock!.of);
  return (field?.type === 'number' ? field.noun.vi : definition.label.vi).toLowerCase();
}).join(', ');

/**
 * An indicator of a plan ("Chỉ tiêu cụ thể": "100% trạm truyền thanh cơ sở có chuyên mục tuyên
 * truyền CCHC"): the share of the units of `unitKind` that logged `activityKind` (any kind when
 * null), with `figure` at least `atLeast` when set, in each month or quarter. With `measure`
 * 'held' ("100% điểm BĐVHX có tài liệu"), the units that hold a stock of the kind (above zero, at
 * least `figure.atLeast` of the stocked figure when set) at the end of the period or on the day of
 * the report, whichever is first; `every` is then not read. `unitKind` null: the plan's words name
 * no kind of unit, so it is kept as written and not computed. Without `measure` (plans stored
 * before it) it is 'logged'.
 */
export const indicatorSchema = z
  .object({
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    text: z.string().check(z.minLength(1), z.maxLength(1000)),
    unitKind: z.nullable(unitKindSchema),
    activityKind: z.nullable(activityKindSchema),
    figure: z.nullable(
      z.object({ name: z.string().check(z.minLength(1), z.maxLength(64)), atLeast: z.number().check(z.gte(0)) }),
    ),
    every: z.enum(['month', 'quarter']),
    /** The share to reach, 0..1 ("100%" is 1). */
    share: z.number().check(z.gte(0), z.lte(1)),
    measure: z.optional(z.enum(INDICATOR_MEASURES)),
  })
  .check(
    z.refine((i) => i.measure !== 'held' || (i.activityKind !== null && stockOf(i.activityKind) !== undefined), {
      message: `Chỉ tiêu tính theo số còn giữ chỉ áp dụng cho loại hoạt động có nhận về và phát ra (${STOCKED_LABELS}); hãy chọn loại đó, hoặc tính theo hoạt động đã ghi nhận.`,
      path: ['measure'],
    }),
    z.refine(
      (i) =>
        i.measure !== 'held' ||
        i.activityKind === null ||
        i.figure === null ||
        i.figure.name === stockOf(i.activityKind)?.of,
      {
        message: `Chỉ tiêu tính theo số còn giữ chỉ đặt được mức tối thiểu là số còn giữ (${STOCKED_NOUNS}), không theo số đã ghi nhận.`,
        path: ['figure'],
      },
    ),
  );
export type Indicator = z.infer<typeof indicatorSchema>;

/**
 * When a plan asks its units to report: the periods ("định kỳ quý, 6 tháng, năm") and, when the plan
 * says, the day of the month after each period by which the report is due ("trước ngày 15").
 */
export const reportScheduleSchema = z.object({
  periods: z.array(z.enum(PERIOD_TYPES)).check(z.maxLength(5)),
  /** "trước ngày 15": the report is due by the 14th (the last day on time) of the month after. */
  dueDay: z.nullable(z.int().check(z.gte(1), z.lte(31))),
  text: z.string().check(z.maxLength(2000)),
});
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

/** A dated deadline a plan sets ("xây dựng kế hoạch … trước ngày 31/01/2021": due 30/01/2021). */
export const planDeadlineSchema = z.object({
  /** The last day on time. */
  due: z.iso.date(),
  text: z.string().check(z.maxLength(2000)),
});
export type PlanDeadline = z.infer<typeof planDeadlineSchema>;

/** A plan's reporting schedule and the deadlines it sets for subordinate plans and reports. */
export const planScheduleSchema = z.object({
  reports: z.array(reportScheduleSchema).check(z.maxLength(50)),
  deadlines: z.array(planDeadlineSchema).check(z.maxLength(50)),
});
export type PlanSchedule = z.infer<typeof planScheduleSchema>;

/** A plan (kế hoạch) as published: each revision is a new `version` of the same `id`. */
export const planSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  unitId: z.string().check(z.minLength(1), z.maxLength(64)),
  number: z.nullable(z.string().check(z.maxLength(100))),
  title: z.string().check(z.minLength(1), z.maxLength(1000)),
  issuer: z.nullable(z.string().check(z.maxLength(500))),
  year: z.int().check(z.gte(2000), z.lte(2100)),
  issuedOn: z.nullable(z.iso.date()),
  version: z.int().check(z.gte(1)),
  status: z.enum(['draft', 'published']),
  publishedAt: z.nullable(z.iso.datetime({ offset: true })),
  tasks: z.array(taskSchema).check(z.maxLength(500)),
  assignments: z.array(assignmentSchema).check(z.maxLength(5000)),
  /** Optional so that a plan stored before indicators (on a phone, in a backup) still reads. */
  indicators: z.optional(z.array(indicatorSchema).check(z.maxLength(50))),
  schedule: z.optional(z.nullable(planScheduleSchema)),
});
export type Plan = z.infer<typeof planSchema>;

// What a console sends to create or revise a plan (POST and PUT /api/v1/plans): a plan as typed
// or imported, with ids and defaults the server fills in. The console builds it, the server
// checks it, both with this schema.
const upTo = (max: number) => z.string().check(z.maxLength(max));
const taskInputSchema = z.object({
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  ordinal: z.optional(upTo(16)),
  title: z.string().check(z.trim(), z.minLength(1, 'Hãy nhập tên nhiệm vụ.'), z.maxLength(2000)),
  products: z.optional(z.array(upTo(2000)).check(z.maxLength(50))),
  lead: z.optional(z.array(upTo(500)).check(z.maxLength(50))),
  cooperating: z.optional(z.array(upTo(500)).check(z.maxLength(50))),
  timing: z.optional(upTo(1000)),
  window: z.optional(z.nullable(dateWindowSchema)),
  deadline: z.optional(z.nullable(z.iso.date())),
  target: z.optional(z.nullable(targetSchema)),
  budgetVnd: z.optional(z.nullable(z.int().check(z.gte(0)))),
  kinds: z.optional(z.array(activityKindSchema)),
  notes: z.optional(z.nullable(upTo(2000))),
});
const assignmentInputSchema = z.object({
  // A task's id, or its ordinal when the tasks were sent without ids.
  taskId: z.string().check(z.minLength(1), z.maxLength(64)),
  unitId: z.string().check(z.minLength(1), z.maxLength(64)),
  unitKind: z.optional(z.nullable(unitKindSchema)),
});
export const planInputSchema = z.object({
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  number: z.optional(z.nullable(upTo(100))),
  title: z.string().check(z.trim(), z.minLength(1, 'Hãy nhập tên kế hoạch.'), z.maxLength(1000)),
  issuer: z.optional(z.nullable(upTo(500))),
  year: z.int().check(z.gte(2000), z.lte(2100)),
  issuedOn: z.optional(z.nullable(z.iso.date())),
  tasks: z.array(taskInputSchema).check(z.maxLength(500)),
  assignments: z.optional(z.array(assignmentInputSchema).check(z.maxLength(5000))),
  indicators: z.optional(z.array(indicatorSchema).check(z.maxLength(50))),
  schedule: z.optional(z.nullable(planScheduleSchema)),
});
/** A plan as a console sends it to be created or revised. */
export type PlanInput = z.infer<typeof planInputSchema>;
