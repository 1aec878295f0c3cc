// The phone's database, one import for the app: the schema (schema.ts), the typed settings
// (meta.ts) and the entries (entries.ts) each live in their own module; this file only gathers
// them and holds what spans them all. The entry file (entry-file.ts) is imported on its own by
// the screen that uses it: its zod schemas must stay out of the first screen's JavaScript.
import type { AppDatabase } from './schema';

export * from './entries';
export * from './meta';
export * from './schema';

/** Forgets the enrollment and every local record (the caller has warned about unsent entries). */
export async function clearDevice(db: AppDatabase): Promise<void> {
  await db.transaction(
    'rw',
    [
      db.units,
      db.plans,
      db.activities,
      db.outbox,
      db.meta,
      db.daily,
      db.attachments,
      db.content,
      db.submissions,
      db.nudges,
      db.uploadProgress,
      db.histories,
      db.originals,
    ],
    async () => {
      await Promise.all([
        db.units.clear(),
        db.plans.clear(),
        db.activities.clear(),
        db.outbox.clear(),
        db.daily.clear(),
        db.attachments.clear(),
        db.content.clear(),
        db.submissions.clear(),
        db.nudges.clear(),
        db.uploadProgress.clear(),
        db.histories.clear(),
        db.originals.clear(),
      ]);
      const language = (await db.meta.get('language'))?.value;
      await db.meta.clear();
      if (language) await db.meta.put({ key: 'language', value: language });
    },
  );
}
