import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAttachment } from '../../src/app/db/attachments';
import { openAppDatabase, saveEntry } from '../../src/app/db/database';
import { enrollDevice, runSync } from '../../src/app/sync/sync-client';
import { runUploads } from '../../src/app/sync/uploads';
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachment';
import { jpeg } from '../server/files-fixtures';
import { photoRowOf, sha256Hex as sha } from './support/attachment-row';
import { makeCode, seedCommune, startTestServer, transportFor } from './support/server';

// The phone's upload queue against the REAL attachment routes (issue 14): the counts go up first,
// then the photo in chunks; a link cut after the server took a chunk resumes from what the server
// holds, never resending that chunk; the supervisor then lists the entry's photo complete and
// reads back the very bytes. (uploads.test.ts drives the same queue against a stand-in.)

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('photos from the phone to the real server', () => {
  it('sends counts, then the photo in chunks, resumes after a cut without resending, and upstream reads it back', async () => {
    const tree = await seedCommune(server);
    const db = openAppDatabase(`uploads-server-${Date.now()}`);
    const net = transportFor(server.app);
    await enrollDevice(db, net.transport, await makeCode(server, tree.commune), 'Điện thoại xã');
    const entry = await saveEntry(db, {
      kind: 'visual',
      date: '2021-07-06',
      title: 'Băng rôn tuyên truyền CCHC',
      figures: { items: 2 },
    });
    const synced = await runSync(db, net.transport);
    expect(synced?.pushed).toBe(1);

    const photo = jpeg(1600, 1200, 3 * UPLOAD_CHUNK_BYTES + 1000);
    const thumb = jpeg(240, 180, 5_000);
    const row = photoRowOf(entry.id, photo, thumb, { name: 'băng-rôn.jpg' });
    await addAttachment(db, row);

    // Registration, the thumbnail, the photo's first chunk: the server takes that chunk, and the
    // phone never hears back (the link dropped).
    net.faults.push('none', 'none', 'drop-response');
    await runUploads(db, net.transport).catch(() => undefined);
    const firstChunks = net.log.filter((r) => r.path === `/api/v1/files/${row.sha256}`).length;
    expect(firstChunks).toBe(1);
    // The next pass asks where the server stands and goes on from there.
    const outcome = await runUploads(db, net.transport);
    expect(outcome.done).toBe(1);
    const chunkRequests = net.log.filter((r) => r.path === `/api/v1/files/${row.sha256}`);
    // 4 chunks in all, each sent once: the one the phone never heard of was not sent again.
    expect(chunkRequests).toHaveLength(4);
    expect(chunkRequests.every((r) => r.status === 200)).toBe(true);
    expect((await db.attachments.get(row.id))?.state).toBe('done');

    // Upstream: the district lists the entry with its photo whole, and reads back the same bytes.
    const district = await enrollDevice(
      openAppDatabase(`uploads-server-sup-${Date.now()}`),
      net.transport,
      await makeCode(server, tree.district, 'supervisor'),
      'Máy huyện',
    );
    const headers = { authorization: `Bearer ${district.token}` };
    const listed = await server.app.inject({
      method: 'GET',
      url: `/api/v1/activities?unitId=${encodeURIComponent(tree.commune)}&period=2021-M07`,
      headers,
    });
    const item = (
      listed.json() as { items: { id: string; attachments: { sha256: string; complete: boolean }[] }[] }
    ).items.find((i) => i.id === entry.id);
    expect(item?.attachments).toEqual([expect.objectContaining({ sha256: row.sha256, complete: true })]);
    const file = await server.app.inject({ method: 'GET', url: `/api/v1/files/${row.sha256}`, headers });
    expect(file.statusCode).toBe(200);
    expect(sha(file.rawPayload)).toBe(row.sha256);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
  });
});
