import * as z from 'zod/mini';

/** The kinds of activity of the sync contract, in the order the forms list them. */
export const ACTIVITY_KINDS = [
  'broadcast',
  'article',
  'material',
  'visual',
  'training',
  'meeting',
  'contest',
  'other',
] as const;
export const activityKindSchema = z.enum(ACTIVITY_KINDS);
export type ActivityKind = z.infer<typeof activityKindSchema>;

const count = z.int().check(z.gte(0), z.lte(1_000_000));
const positiveCount = z.int().check(z.gte(1), z.lte(1_000_000));

/** Figures per kind; a figure left out counts as its default. */
export const figureSchemas = {
  broadcast: z.object({
    sessions: z.optional(positiveCount),
    minutes: z.optional(z.number().check(z.gte(0), z.lte(24 * 60))),
    source: z.optional(z.enum(['own', 'relay'])),
  }),
  article: z.object({ items: z.optional(positiveCount) }),
  material: z.object({
    copies: positiveCount,
    direction: z.enum(['received', 'distributed']),
  }),
  visual: z.object({ items: z.optional(positiveCount) }),
  training: z.object({ sessions: z.optional(positiveCount), participants: z.optional(count) }),
  meeting: z.object({ sessions: z.optional(positiveCount), participants: z.optional(count) }),
  contest: z.object({ sessions: z.optional(positiveCount), participants: z.optional(count) }),
  other: z.object({ items: z.optional(positiveCount) }),
} as const;

/** Figures of any kind, as stored: numbers plus the qualifiers `source` and `direction`. */
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

// What a person calls each figure on the form of each kind, so an error names the box to fix.
const FIGURE_LABELS_VI: Partial<Record<string, Partial<Record<ActivityKind, string>>>> = {
  sessions: {
    broadcast: 'Số lần phát thanh',
    training: 'Số lớp tập huấn',
    meeting: 'Số hội nghị, buổi đối thoại',
    contest: 'Số cuộc thi',
  },
  items: {
    article: 'Số tin, bài',
    visual: 'Số pa nô, áp phích, băng rôn',
    other: 'Số hoạt động',
  },
  copies: { material: 'Số bản tài liệu' },
};

/** 1000 → "1.000": limits are written the Vietnamese way in messages. */
function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

function figureErrorMessage(kind: ActivityKind, figure: string): string {
  if (kind === 'material' && figure === 'direction')
    return 'Tài liệu phải ghi rõ là nhận về (received) hay phát ra (distributed).';
  if (figure === 'minutes') return 'Số phút phát thanh phải là số từ 0 đến 1.440.';
  if (figure === 'source') return 'Nguồn phát thanh phải là tự sản xuất (own) hoặc tiếp sóng (relay).';
  if (figure === 'participants') return 'Số người tham dự phải là số nguyên từ 0 đến 1.000.000.';
  const label = FIGURE_LABELS_VI[figure]?.[kind];
  if (label) return `${label} phải là số nguyên từ 1 đến 1.000.000.`;
  return `Số liệu "${figure}" không hợp lệ cho hoạt động "${ACTIVITY_KIND_LABELS_VI[kind]}".`;
}

/** The figure that counts "how many" for a kind: one session aired, one item posted, one hand-out. */
export function countOf(activity: Pick<Activity, 'kind' | 'figures'>): number {
  const f = activity.figures;
  switch (activity.kind) {
    case 'broadcast':
    case 'training':
    case 'meeting':
    case 'contest':
      return numberOr(f.sessions, 1);
    case 'article':
    case 'visual':
    case 'other':
      return numberOr(f.items, 1);
    case 'material':
      return 1;
  }
}

/**
 * Figures an activity adds to a report; voided activities add nothing. Material splits its copies
 * by direction into `copiesReceived` and `copiesDistributed`.
 */
export function figuresOf(activity: Pick<Activity, 'kind' | 'figures' | 'voided'>): Record<string, number> {
  if (activity.voided) return {};
  const f = activity.figures;
  switch (activity.kind) {
    case 'broadcast':
      return {
        sessions: numberOr(f.sessions, 1),
        minutes: numberOr(f.minutes, 0),
        ...(f.source === 'relay'
          ? { relaySessions: numberOr(f.sessions, 1) }
          : { ownSessions: numberOr(f.sessions, 1) }),
      };
    case 'training':
    case 'meeting':
    case 'contest':
      return { sessions: numberOr(f.sessions, 1), participants: numberOr(f.participants, 0) };
    case 'material':
      return f.direction === 'received'
        ? { copiesReceived: numberOr(f.copies, 0) }
        : { copiesDistributed: numberOr(f.copies, 0) };
    case 'article':
    case 'visual':
    case 'other':
      return { items: numberOr(f.items, 1) };
  }
}

function numberOr(value: number | string | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Vietnamese names of the kinds. */
export const ACTIVITY_KIND_LABELS_VI: Record<ActivityKind, string> = {
  broadcast: 'Phát thanh trên loa, đài',
  article: 'Tin, bài trên trang TTĐT, bản tin',
  material: 'Tài liệu, tờ rơi, tờ gấp',
  visual: 'Pa nô, áp phích, băng rôn, khẩu hiệu',
  training: 'Lớp tập huấn, bồi dưỡng',
  meeting: 'Hội nghị, đối thoại, tọa đàm',
  contest: 'Cuộc thi, hội thi',
  other: 'Hoạt động khác',
};
