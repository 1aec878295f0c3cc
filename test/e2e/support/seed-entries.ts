// Bundled into the app's own page (see queue.test.ts): saves drafts through the app's save
// function into the database the running app uses, as if the person had typed them.
import { type EntryDraft, openAppDatabase, saveEntry } from '../../../src/app/db/database';

(globalThis as unknown as { seedEntries: (drafts: EntryDraft[]) => Promise<number> }).seedEntries = async (drafts) => {
  const db = openAppDatabase();
  try {
    for (const draft of drafts) await saveEntry(db, draft);
    return await db.outbox.count();
  } finally {
    db.close();
  }
};
