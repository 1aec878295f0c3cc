import PouchDB from 'pouchdb-browser';

/** What the bench drives in a page that replicates with PouchDB. */
export interface PouchHarness {
  seed(docs: Record<string, unknown>[]): Promise<number>;
  replicate(remote: string): Promise<{ docsWritten: number; ms: number }>;
}

const local = new PouchDB('bench-phone');

const harness: PouchHarness = {
  async seed(docs) {
    for (let i = 0; i < docs.length; i += 500) await local.bulkDocs(docs.slice(i, i + 500));
    return (await local.info()).doc_count;
  },
  async replicate(remote) {
    const started = performance.now();
    // PouchDB's defaults (batches of 100 documents) are what an app gets unless it tunes them.
    const result = await local.replicate.to(new PouchDB(remote));
    return { docsWritten: result.docs_written, ms: performance.now() - started };
  },
};

(globalThis as unknown as { bench: PouchHarness }).bench = harness;
