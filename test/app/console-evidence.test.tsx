import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DrillDown } from '../../src/app/console/drilldown';
import { ConsoleApi } from '../../src/app/sync/console-api';
import { enroll, type TestDevice, type Tree } from '../support/test-server';
import { attachmentFor, evidenceClient, jpeg, sha256Of, uploadAll } from '../server/files-fixtures';
import { mount, unmountAll, until } from './support/render';
import { startTestServer, transportFor } from './support/server';

// An entry's evidence in the console's drill-down (issue 14, item 4), from the real server in
// process: a photo whole on the server shows its thumbnail and opens its original; a photo the
// phone is still sending, and one it lost, say so instead.

afterEach(unmountAll);

describe('evidence in the drill-down', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let tree: Tree;
  let phone: TestDevice;
  let supervisor: TestDevice;
  const id = '0190f000-0000-7000-8000-0000000000e1';
  const photo = jpeg(1600, 1200, 150_000);
  const thumb = jpeg(240, 180, 4_000);

  beforeAll(async () => {
    server = await startTestServer();
    tree = server.tree;
    phone = await enroll(server.app, server.db, tree.commune, 'reporter', new Date('2021-07-20T03:00:00Z'));
    supervisor = await enroll(server.app, server.db, tree.district, 'supervisor', new Date('2021-07-20T03:00:00Z'));
    const pushed = await server.app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: phone.headers,
      payload: {
        deviceId: phone.deviceId,
        protocolVersion: 1,
        cursor: null,
        mutations: [
          {
            seq: 1,
            op: 'upsert',
            baseVersion: 0,
            activity: {
              id,
              unitId: tree.commune,
              kind: 'visual',
              date: '2021-07-10',
              title: 'Băng rôn tuyên truyền CCHC',
              figures: { items: 2 },
              deviceId: phone.deviceId,
              createdAt: '2021-07-10T08:00:00+07:00',
            },
          },
        ],
      },
    });
    expect(pushed.statusCode).toBe(200);
    const client = evidenceClient(server.app, phone);
    const whole = attachmentFor(id, photo, {
      mime: 'image/jpeg',
      name: 'băng-rôn.jpg',
      thumb: { sha256: sha256Of(thumb), size: thumb.length },
    });
    expect((await client.register(whole)).statusCode).toBe(200);
    expect((await uploadAll(client, thumb)).statusCode).toBe(200);
    expect((await uploadAll(client, photo)).json()).toMatchObject({ complete: true });
    // Registered, never sent: still on its way.
    const sending = attachmentFor(id, jpeg(1600, 1200, 90_000), { mime: 'image/jpeg', name: 'hội-trường.jpg' });
    expect((await client.register(sending)).statusCode).toBe(200);
    // Registered, then lost by the phone.
    const lost = attachmentFor(id, jpeg(1600, 1200, 80_000), { mime: 'image/jpeg', name: 'mất.jpg' });
    expect((await client.register(lost)).statusCode).toBe(200);
    expect((await client.lost(lost.id)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows the thumbnail of a photo the server holds, opens its original, and names the ones missing', async () => {
    const { transport } = transportFor(server.app);
    const api = new ConsoleApi(transport, supervisor.token);
    const fetched: string[] = [];
    const fetchFile = api.fetchFile.bind(api);
    api.fetchFile = async (sha) => {
      fetched.push(sha);
      return fetchFile(sha);
    };
    const root = mount(
      <DrillDown
        api={api}
        target={{
          heading: 'Pa nô',
          unitId: tree.district,
          period: '2021-M07',
          basis: 'decree09',
          closesOn: '2021-07-31',
        }}
        units={[]}
        onClose={() => {}}
      />,
    );
    await until(() => root.querySelector('img.evidence-thumb') !== null, 'the thumbnail');
    // Only the thumbnail is fetched to draw the row, and it arrives as the very bytes uploaded.
    expect(fetched).toEqual([sha256Of(thumb)]);
    const thumbBlob = await api.fetchFile(sha256Of(thumb));
    expect(sha256Of(Buffer.from(await thumbBlob.arrayBuffer()))).toBe(sha256Of(thumb));
    const chips = [...root.querySelectorAll('.evidence-chip')].map((c) => c.getAttribute('aria-label'));
    // Both registered in the same instant: their order is the server's, not asserted.
    expect(chips.sort()).toEqual(['hội-trường.jpg: máy đang gửi lên', 'mất.jpg: máy đã mất tệp, không gửi lên được']);

    // A tap opens the original.
    const opened: string[] = [];
    window.open = ((url: string) => {
      opened.push(url);
      return null;
    }) as typeof window.open;
    (root.querySelector('button.evidence-item') as HTMLButtonElement).click();
    await until(() => opened.length === 1, 'the original opened');
    expect(fetched.at(-1)).toBe(sha256Of(photo));
    expect(root.querySelector('button.evidence-item')?.getAttribute('aria-label')).toBe('Mở băng-rôn.jpg');
  }, 30_000);
});
