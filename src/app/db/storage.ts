import { type AppDatabase, writeMeta } from './database';

/** Asks the browser to keep the database through storage pressure; stores and returns the answer. */
export async function requestPersistentStorage(db: AppDatabase): Promise<boolean | null> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.persist) return null;
  const persisted = (await storage.persisted?.()) || (await storage.persist());
  await writeMeta(db, { persisted });
  return persisted;
}
