// The PouchDB packages ship no types; the bench uses only this much of them.
declare module 'pouchdb-browser' {
  interface PouchDatabase {
    bulkDocs(docs: Record<string, unknown>[]): Promise<unknown[]>;
    info(): Promise<{ doc_count: number }>;
    replicate: { to(target: PouchDatabase): Promise<{ docs_written: number; ok: boolean }> };
  }
  const PouchDB: new (name: string) => PouchDatabase;
  export default PouchDB;
}

declare module 'pouchdb-core' {
  interface PouchStatic {
    plugin(plugin: unknown): PouchStatic;
    defaults(options: Record<string, unknown>): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory';
declare module 'pouchdb-adapter-http';
declare module 'pouchdb-replication';
declare module 'pouchdb-mapreduce';
declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  const expressPouchDB: (
    pouch: unknown,
    options: Record<string, unknown>,
  ) => RequestListener & {
    listen(port: number, host: string, done: () => void): import('node:http').Server;
  };
  export default expressPouchDB;
}
