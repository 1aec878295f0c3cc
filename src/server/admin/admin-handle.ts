import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// A server running over a PGlite folder holds it alone, so `npm run admin` cannot open it. The
// server leaves a handle in the folder instead: where it listens and a secret made at start. The
// command reads it and asks the server to run the command (POST /api/v1/admin/run, loopback only).
// Whoever can read the folder can read the database anyway; nobody else learns the secret.

const HANDLE_FILE = 'cchc-admin.json';

/** How to reach a running server's admin route. */
export interface AdminHandle {
  url: string;
  token: string;
}

/** A fresh secret for the admin route of this run of the server. */
export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Leaves the handle in the data folder, readable by its owner only. */
export function writeAdminHandle(dataDir: string, handle: AdminHandle): void {
  const file = path.join(dataDir, HANDLE_FILE);
  writeFileSync(file, JSON.stringify(handle), { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The handle a running server left, or null. */
export function readAdminHandle(dataDir: string): AdminHandle | null {
  try {
    const parsed = JSON.parse(readFileSync(path.join(dataDir, HANDLE_FILE), 'utf8')) as Partial<AdminHandle>;
    return typeof parsed.url === 'string' && typeof parsed.token === 'string'
      ? { url: parsed.url, token: parsed.token }
      : null;
  } catch {
    return null;
  }
}

/** Takes the handle away when the server stops. */
export function removeAdminHandle(dataDir: string): void {
  rmSync(path.join(dataDir, HANDLE_FILE), { force: true });
}
