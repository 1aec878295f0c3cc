// A CouchDB-protocol server over in-memory PouchDB, run as its own process so that it does not
// share an event loop with the bench that measures it. Prints `listening <port>` once ready.
import type { AddressInfo } from 'node:net';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import adapterHttp from 'pouchdb-adapter-http';
import adapterMemory from 'pouchdb-adapter-memory';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

const MemoryPouch = PouchDB.plugin(adapterMemory)
  .plugin(adapterHttp)
  .plugin(replication)
  .plugin(mapreduce)
  .defaults({ adapter: 'memory' });
const app = expressPouchDB(MemoryPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' });
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
