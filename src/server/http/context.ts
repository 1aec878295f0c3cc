import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { MAX_BODY_BYTES, MAX_MUTATIONS_PER_SYNC } from '../../shared/sync';
import { databaseFileStore, type FileStore } from '../files/file-store';
import { AdmissionGate } from './admission';
import { RateLimiter } from './rate-limit';

/** The limits that protect the server; tests lower them to reach them quickly. */
export interface Limits {
  /** Largest request body after decompression. */
  bodyBytes: number;
  /** Largest body of the import endpoints (plan documents, exported files). */
  importBodyBytes: number;
  maxMutations: number;
  /** Sync requests one device may make per window. */
  syncPerWindow: number;
  /** Wrong enrollment codes one IP may try per window. */
  codeTriesPerWindow: number;
  windowMs: number;
  /** A request taking longer is answered 408 by the HTTP server. */
  requestTimeoutMs: number;
  /** Sync requests run at once (below the database pool, so reports still get a connection). */
  syncConcurrency: number;
  /** Sync requests that may wait for a turn; past that the server answers 429 at once. */
  syncQueue: number;
  /** The evidence bytes one unit may keep (its attachments' files, each counted once). */
  unitEvidenceBytes: number;
}

/** The limits used unless told otherwise. */
const DEFAULT_LIMITS: Limits = {
  bodyBytes: MAX_BODY_BYTES,
  importBodyBytes: 16 * 1024 * 1024,
  maxMutations: MAX_MUTATIONS_PER_SYNC,
  syncPerWindow: 60,
  codeTriesPerWindow: 10,
  windowMs: 60_000,
  requestTimeoutMs: 30_000,
  syncConcurrency: 8,
  syncQueue: 8,
  // 2 GB: 10,000 photos of 200 KB, several years of a busy commune's evidence.
  unitEvidenceBytes: 2 * 1024 * 1024 * 1024,
};

/** What every route plugin gets: the database, the clock and the limits. */
export interface AppContext {
  db: Kysely<Database>;
  now: () => Date;
  limits: Limits;
  syncLimiter: RateLimiter;
  codeLimiter: RateLimiter;
  syncGate: AdmissionGate;
  /** Where evidence bytes live. */
  files: FileStore;
}

/** Options of a feature's routes plugin. */
export interface RoutesOptions {
  ctx: AppContext;
}

/** Builds the context of one app. */
export function createContext(db: Kysely<Database>, now: () => Date, limits: Partial<Limits> = {}): AppContext {
  const all = { ...DEFAULT_LIMITS, ...limits };
  return {
    db,
    now,
    limits: all,
    syncLimiter: new RateLimiter(all.syncPerWindow, all.windowMs, now),
    codeLimiter: new RateLimiter(all.codeTriesPerWindow, all.windowMs, now),
    syncGate: new AdmissionGate(all.syncConcurrency, all.syncQueue),
    files: databaseFileStore(db, now),
  };
}
