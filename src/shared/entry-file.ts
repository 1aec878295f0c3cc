import * as z from 'zod/mini';
import { type ActivityInput, activityInputSchema } from './activity';

// The entry file: "Xuất dữ liệu" on a phone writes it; another phone ("Nhập dữ liệu từ máy khác")
// and the province (POST /api/v1/activities/import) read it, both through these schemas.
//
// The rule for voided entries, the same on both sides: a voided entry is part of the record, so
// the file carries it with its void (`voided: true`, `voidReason`), and an importer keeps it
// voided: never counted, never lost. (A phone whose void never reached the server, then broke,
// still gets its void to the province through its file.)

/** The envelope: checked as a whole; each entry is checked on its own so one bad entry is one problem. */
export const entryFileSchema = z.object({
  format: z.literal('cchc-activities'),
  version: z.literal(1),
  exportedAt: z.optional(z.string().check(z.maxLength(64))),
  deviceId: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  unitId: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  activities: z.array(z.looseObject({})).check(z.maxLength(50_000)),
});

/** One entry of the file: the phone's fields, and its void when it was voided. */
export const entryFileItemSchema = z.extend(activityInputSchema, {
  voided: z.optional(z.boolean()),
  voidReason: z.optional(z.nullable(z.string().check(z.maxLength(500)))),
});
export type EntryFileItem = z.infer<typeof entryFileItemSchema>;

/** An entry file as a phone writes it. */
export interface EntryFile {
  format: 'cchc-activities';
  version: 1;
  exportedAt: string;
  deviceId: string | null;
  unitId: string | null;
  activities: EntryFileItem[];
}

/** The reason a voided entry from a file carries when the file gave none. */
export const FILE_VOID_REASON = 'Đã hủy trên máy';

/** An entry of the file as it goes in: its fields, and its void if any. */
export function fileItemOf(
  entry: ActivityInput,
  voided: { voided: boolean; voidReason?: string | null },
): EntryFileItem {
  return voided.voided ? { ...entry, voided: true, voidReason: voided.voidReason ?? null } : entry;
}
