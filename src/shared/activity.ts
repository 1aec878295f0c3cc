import * as z from 'zod/mini';
import {
  ACTIVITY_KINDS,
  type ActivityKind,
  type Field,
  KIND_DEFINITIONS,
  type KindDefinition,
  kindDefinition,
} from './kinds';

export { ACTIVITY_KINDS, type ActivityKind } from './kinds';

/** The kind ids a phone and the server exchange. */
export const activityKindSchema = z.enum(ACTIVITY_KINDS);

type FigureSchema = z.ZodMiniType<Record<string, unknown>>;

function fieldSchema(field: Field) {
  if (field.type === 'number') {
    const checks = [z.gte(field.min), z.lte(field.max)];
    const number = field.integer ? z.int().check(...checks) : z.number().check(...checks);
    return field.required ? number : z.optional(number);
  }
  if (field.type === 'choice') {
    const choice = z.enum(field.options.map((o) => o.id) as [string, ...string[]]);
    return field.required ? choice : z.optional(choice);
  }
  return z.optional(z.string().check(z.minLength(1), z.maxLength(field.maxLength)));
}

function figureSchemaOf(kind: KindDefinition): FigureSchema {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const field of kind.fields) shape[field.name] = fieldSchema(field);
  return z.object(shape).check(
    z.superRefine((figures, ctx) => {
      for (const field of kind.fields) {
        if (field.type !== 'number' || !field.atMost) continue;
        const value = figures[field.name];
        const bound = figures[field.atMost];
        if (typeof value === 'number' && typeof bound === 'number' && value > bound) {
          ctx.issues.push({ code: 'custom', message: 'at-most', path: [field.name], input: value });
        }
      }
    }),
  ) as unknown as FigureSchema;
}

/** Figures per kind, from the kinds' definition; a figure left out counts as its default. */
export const figureSchemas = /* @__PURE__ */ (() =>
  Object.fromEntries(KIND_DEFINITIONS.map((kind) => [kind.id, figureSchemaOf(kind)])) as Record<
    ActivityKind,
    FigureSchema
  >)();

/** Figures of any kind, as stored: numbers plus the kind's choices (`source`, `direction`…). */
export type Figures = Record<string, number | string | undefined>;

// Every field says in Vietnamese what is wrong with it: a rejected entry comes back to the
// person who typed it, with these words, to be fixed.
const ID_MESSAGE = 'Mã định danh phải có từ 1 đến 64 ký tự.';
const idString = z.string(ID_MESSAGE).check(z.minLength(1, ID_MESSAGE), z.maxLength(64, ID_MESSAGE));
const text = (max: number, what: string) => {
  const message = `${what} phải là chữ, tối đa ${formatCount(max)} ký tự.`;
  return z.string(message).check(z.maxLength(max, message));
};
const LOCATION_MESSAGE = 'Vị trí không hợp lệ (vĩ độ từ -90 đến 90, kinh độ từ -180 đến 180).';

/** The fields a phone writes when it creates or edits an entry. */
export const activityInputSchema = z
  .object({
    id: z.uuid('Mã mục nhập phải là một UUID do máy tạo.'),
    unitId: idString,
    kind: z.enum(ACTIVITY_KINDS, 'Loại hoạt động không hợp lệ.'),
    date: z.iso.date('Ngày hoạt động phải là một ngày có thật, dạng yyyy-mm-dd.'),
    taskId: z.optional(z.nullable(idString)),
    planId: z.optional(z.nullable(idString)),
    title: text(500, 'Tiêu đề'),
    topics: z.optional(
      z.array(text(100, 'Chủ đề'), 'Chủ đề phải là một danh sách.').check(z.maxLength(20, 'Tối đa 20 chủ đề.')),
    ),
    figures: z.record(z.string(), z.union([z.number(), z.string()]), 'Số liệu phải là các con số của hoạt động.'),
    note: z.optional(z.nullable(text(2000, 'Ghi chú'))),
    location: z.optional(
      z.nullable(
        z.object(
          {
            lat: z.number(LOCATION_MESSAGE).check(z.gte(-90, LOCATION_MESSAGE), z.lte(90, LOCATION_MESSAGE)),
            lon: z.number(LOCATION_MESSAGE).check(z.gte(-180, LOCATION_MESSAGE), z.lte(180, LOCATION_MESSAGE)),
          },
          LOCATION_MESSAGE,
        ),
      ),
    ),
    deviceId: idString,
    createdAt: z.iso.datetime({ offset: true, error: 'Thời điểm tạo phải là ngày giờ ISO 8601.' }),
  })
  .check(
    z.superRefine((activity, ctx) => {
      const result = figureSchemas[activity.kind].safeParse(activity.figures);
      if (!result.success) {
        for (const issue of result.error.issues) {
          ctx.issues.push({
            code: 'custom',
            message: figureErrorMessage(activity.kind, String(issue.path[0] ?? '')),
            path: ['figures', ...issue.path.map(String)],
            input: activity.figures,
          });
        }
      }
    }),
  );
export type ActivityInput = z.infer<typeof activityInputSchema>;

/** An entry as the server stores it: the phone's fields plus the server's. */
export const activitySchema = z.extend(activityInputSchema, {
  version: z.int().check(z.gte(1)),
  voided: z.boolean(),
  voidReason: z.optional(z.nullable(text(500, 'Lý do hủy'))),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type Activity = z.infer<typeof activitySchema>;

/** 1000 → "1.000": limits are written the Vietnamese way in messages. */
function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

function figureErrorMessage(kind: ActivityKind, figure: string): string {
  const definition = kindDefinition(kind)!;
  const field = definition.fields.find((f) => f.name === figure);
  if (!field) return `Số liệu "${figure}" không hợp lệ cho hoạt động "${definition.name.vi}".`;
  if (field.type !== 'number') return field.invalid.vi;
  const bound = field.atMost && definition.fields.find((f) => f.name === field.atMost);
  const range = `từ ${formatCount(field.min)} đến ${formatCount(field.max)}`;
  const limit = bound ? ` và không quá ${bound.label.vi.toLocaleLowerCase('vi')}` : '';
  return `${field.noun.vi} phải là số${field.integer ? ' nguyên' : ''} ${range}${limit}.`;
}

export { countOf, figuresOf } from './figures';

/** Vietnamese names of the kinds, as reports and the console write them. */
export const ACTIVITY_KIND_LABELS_VI = /* @__PURE__ */ (() =>
  Object.fromEntries(KIND_DEFINITIONS.map((kind) => [kind.id, kind.name.vi])) as Record<ActivityKind, string>)();
