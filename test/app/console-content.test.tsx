import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleContext } from '../../src/app/console/console-app';
import { ContentAired, ContentScreen } from '../../src/app/console/content-screen';
import { openAppDatabase } from '../../src/app/db/database';
import { ConsoleApi } from '../../src/app/sync/console-api';
import { enrollDevice } from '../../src/app/sync/sync-client';
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachment';
import { type ContentInput, type ContentReport, detectAudioMime } from '../../src/shared/content';
import { m4aHead, mp3Head, oggOpusHead, oggVorbisHead, wav } from '../support/audio';
import { jpeg } from '../server/files-fixtures';
import { mount, settle, typeInto, unmountAll, until } from './support/render';
import { makeCode, seedCommune, startTestServer, transportFor } from './support/server';

afterEach(unmountAll);

// Upstream's side of content relay (issue 15): per item, which units downloaded it, how many times
// each aired it and which did not; the dashboard says "đã phát N"; a script is published from a form.

const report: ContentReport = {
  id: '0190a1b2-0000-7000-8000-000000000001',
  kind: 'audio',
  title: 'Chuyên mục CCHC tháng 10',
  seconds: 600,
  topics: [],
  period: '2025-M10',
  taskId: null,
  planId: null,
  file: { sha256: 'a'.repeat(64), size: 2_400_000, mime: 'audio/mpeg', name: 'cm.mp3' },
  script: null,
  unitIds: [],
  unitKinds: ['station'],
  expectation: 'Phát trong tháng 10, tối thiểu 2 lần',
  minAirings: 2,
  due: '2025-10-31',
  createdAt: '2025-10-01T08:00:00+07:00',
  unitId: 'p1',
  unitName: 'Tỉnh Hà Tĩnh',
  receivedAt: '2025-10-01T01:00:00.000Z',
  complete: true,
  airings: 3,
  deliveries: [
    {
      unitId: 's1',
      unitName: 'Trạm Cẩm Xuyên',
      unitKind: 'station',
      downloadedAt: '2025-10-02T01:30:00.000Z',
      airings: 3,
      received: 0,
    },
    { unitId: 's2', unitName: 'Trạm Thiên Cầm', unitKind: 'station', downloadedAt: null, airings: 0, received: 0 },
  ],
};

function context() {
  const published: ContentInput[] = [];
  const api = {
    listSentContent: vi.fn(async () => [report]),
    listPlans: vi.fn(async () => []),
    publishContent: vi.fn(async (input: ContentInput) => {
      published.push(input);
      return { ...input, unitId: 'p1', unitName: 'Tỉnh Hà Tĩnh', receivedAt: '', complete: true };
    }),
    uploadFile: vi.fn(),
  };
  const ctx = {
    api: api as unknown as ConsoleApi,
    root: { id: 'p1', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
    units: [
      { id: 'p1', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
      { id: 'po1', code: '', name: 'Điểm BĐ-VH Cẩm Xuyên', kind: 'post_office', parentId: 'p1' },
      { id: 'po2', code: '', name: 'Điểm BĐ-VH Thiên Cầm', kind: 'post_office', parentId: 'p1' },
    ],
    today: '2025-10-05',
  } as ConsoleContext;
  return { ctx, api, published };
}

describe('content in the console', () => {
  it('says on the dashboard how many times each item aired', async () => {
    const root = mount(<ContentAired ctx={context().ctx} />);
    await until(() => root.textContent!.includes('đã phát'), 'the airings');
    expect(root.textContent).toContain('Chuyên mục CCHC tháng 10: đã phát 3');
  });

  it('lists per unit who downloaded it, how many times each aired it, and who did not', async () => {
    const root = mount(<ContentScreen ctx={context().ctx} />);
    await until(() => root.querySelector('.content-report tbody tr') !== null, 'the table');
    expect(root.querySelector('.content-report h3')?.textContent).toBe('Chuyên mục CCHC tháng 10 (đã phát 3)');
    expect(root.querySelector('.content-report p')?.textContent).toContain(
      '1/2 đơn vị đã tải, 1 đơn vị đã phát, 1 đơn vị chưa phát',
    );
    const rows = [...root.querySelectorAll('.content-report tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ['Trạm Cẩm Xuyên', '02/10/2025 08:30', '3', '0'],
      ['Trạm Thiên Cầm', 'Chưa tải', '0', '0'],
    ]);
    expect(root.querySelectorAll('tr.silent')).toHaveLength(1);
  });

  it('publishes a script to every station and a unit by name, with its topics, what is expected and by when', async () => {
    const { ctx, published, api } = context();
    const root = mount(<ContentScreen ctx={ctx} />);
    (root.querySelector('input[name=kind][value=script]') as HTMLInputElement).click();
    await until(() => root.querySelector('textarea[name=script]') !== null, 'the script box');
    typeInto(root, 'title', 'Kịch bản tuyên truyền dịch vụ công');
    (root.querySelector('textarea[name=script]') as HTMLTextAreaElement).value = 'Kính thưa bà con…';
    root.querySelector('textarea[name=script]')!.dispatchEvent(new Event('input', { bubbles: true }));
    typeInto(root, 'expectation', 'Phát trong tháng 10, tối thiểu 2 lần');
    typeInto(root, 'minAirings', '2');
    typeInto(root, 'topics', 'Dịch vụ công trực tuyến, Đề án 06');
    // Also to one post-office point by name (the publisher itself is not offered).
    const units = root.querySelector('select[name=unitIds]') as HTMLSelectElement;
    expect([...units.options].map((o) => o.textContent)).toEqual(['Điểm BĐ-VH Cẩm Xuyên', 'Điểm BĐ-VH Thiên Cầm']);
    units.options[1]!.selected = true;
    units.dispatchEvent(new Event('change', { bubbles: true }));
    typeInto(root, 'due', '2025-10-31');
    // The period is picked by its name, never typed as a code.
    const period = root.querySelector('select[name=period]') as HTMLSelectElement;
    const october = [...period.options].find((o) => o.textContent === 'Tháng 10/2025');
    expect(october?.value).toBe('2025-M10');
    expect([...period.options].some((o) => /\d{4}-[MQH]/.test(o.textContent ?? ''))).toBe(false);
    period.value = october!.value;
    period.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => (root.querySelector('input[name=minAirings]') as HTMLInputElement).value === '2', 'typed');
    // Whatever order the browser draws the date field in, the deadline is said as Vietnam writes it.
    expect(root.querySelector('input[name=due] + .date-words')?.textContent).toBe('31/10/2025');
    (root.querySelector('form.content-publish') as HTMLFormElement).requestSubmit();
    await until(() => published.length === 1, 'the item published');
    expect(published[0]).toMatchObject({
      kind: 'script',
      title: 'Kịch bản tuyên truyền dịch vụ công',
      script: 'Kính thưa bà con…',
      file: null,
      unitKinds: ['station'],
      unitIds: ['po2'],
      topics: ['Dịch vụ công trực tuyến', 'Đề án 06'],
      expectation: 'Phát trong tháng 10, tối thiểu 2 lần',
      minAirings: 2,
      due: '2025-10-31',
      period: '2025-M10',
    });
    expect(api.uploadFile).not.toHaveBeenCalled();
    await until(() => root.textContent!.includes('Đã gửi “Kịch bản tuyên truyền dịch vụ công”'), 'the sent line');
  });
});

describe('audio as browsers name it', () => {
  it("publishes an M4A the system calls audio/x-m4a under the contract's name, and refuses FLAC in words before sending anything", async () => {
    // The bytes say the type, as the store judges them.
    expect(detectAudioMime(m4aHead())).toBe('audio/mp4');
    expect(detectAudioMime(mp3Head())).toBe('audio/mpeg');
    expect(detectAudioMime(wav(0.1))).toBe('audio/wav');
    expect(detectAudioMime(oggOpusHead())).toBe('audio/ogg');
    expect(detectAudioMime(oggVorbisHead())).toBeNull();
    const flac = Buffer.alloc(4_000);
    flac.write('fLaC', 0, 'latin1');
    expect(detectAudioMime(flac)).toBeNull();

    const { ctx, published, api } = context();
    const root = mount(<ContentScreen ctx={ctx} />);
    const pick = async (file: File) => {
      const input = root.querySelector('input[name=file]') as HTMLInputElement;
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await settle();
      (root.querySelector('form.content-publish') as HTMLFormElement).requestSubmit();
    };
    typeInto(root, 'title', 'Bản tin CCHC');
    await pick(new File([new Uint8Array(flac)], 'ban-tin.flac', { type: 'audio/flac' }));
    await until(() => root.querySelector('.content-publish [role=status]') !== null, 'the refusal');
    expect(root.querySelector('.content-publish [role=status]')?.textContent).toBe(
      '“ban-tin.flac” không phải loại âm thanh điện thoại phát được: chỉ nhận âm thanh MP3, M4A, Opus (Ogg) hoặc WAV. Hãy xuất lại tệp ở một trong các dạng đó.',
    );
    expect(published).toEqual([]);
    await pick(new File([new Uint8Array(m4aHead())], 'ban-tin.m4a', { type: 'audio/x-m4a' }));
    await until(() => published.length === 1, 'the item published');
    expect(published[0]?.file).toMatchObject({ mime: 'audio/mp4', name: 'ban-tin.m4a' });
    expect(api.uploadFile).toHaveBeenCalledTimes(1);
  });
});

describe('a segment published from the console over a link that drops', () => {
  it('goes on by itself from the last chunk the server holds, as one item, never from zero', async () => {
    const server = await startTestServer();
    try {
      const tree = await seedCommune(server);
      const net = transportFor(server.app);
      const { token } = await enrollDevice(
        openAppDatabase(`console-upload-${Date.now()}`),
        net.transport,
        await makeCode(server, tree.district, 'supervisor'),
        'Máy huyện',
      );
      const api = new ConsoleApi(net.transport, token);
      const ctx = {
        api,
        root: { id: tree.district, code: '446', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
        units: [],
        today: '2021-07-20',
      } as ConsoleContext;
      const root = mount(<ContentScreen ctx={ctx} />);
      const bytes = wav(7, 16_000); // 219 KB: 4 chunks
      const chunks = Math.ceil(bytes.length / UPLOAD_CHUNK_BYTES);
      expect(chunks).toBe(4);
      typeInto(root, 'title', 'Chuyên mục CCHC tháng 7');
      const input = root.querySelector('input[name=file]') as HTMLInputElement;
      Object.defineProperty(input, 'files', {
        value: [new File([new Uint8Array(bytes)], 'chuyen-muc.wav', { type: 'audio/wav' })],
      });
      input.dispatchEvent(new Event('change', { bubbles: true }));
      // The screen's own first reads are done before the link's faults are set.
      await until(
        () => ['/api/v1/plans', '/api/v1/content/sent'].every((path) => net.log.some((r) => r.path === path)),
        'the first reads',
      );
      await settle();
      net.log.length = 0;
      // The item, the file's status, its first chunk, then the second chunk reaches the server and
      // its answer is lost (the link dropped): the console tries again by itself.
      net.faults.push('none', 'none', 'none', 'drop-response');
      (root.querySelector('form.content-publish') as HTMLFormElement).requestSubmit();
      await until(() => root.textContent!.includes('tự gửi tiếp sau 2 giây'), 'the retry said');
      expect(root.querySelector('.content-publish [role=status]')?.textContent).toContain('đã gửi được 29%');
      await until(() => root.textContent!.includes('Đã gửi “Chuyên mục CCHC tháng 7”'), 'the file sent');
      expect(root.querySelector('.content-publish [role=status]')?.textContent).toBe(
        'Đã gửi “Chuyên mục CCHC tháng 7”.',
      );

      // Each chunk went over the wire once: the one whose answer was lost was not sent again.
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const puts = net.log.filter((r) => r.path === `/api/v1/files/${sha256}`);
      expect(puts).toHaveLength(chunks);
      // The console asked where the server stood before sending the rest.
      expect(net.log.filter((r) => r.path === `/api/v1/files/${sha256}/status`)).toHaveLength(2);
      // One item, whole, and the server holds the very bytes.
      const sent = await api.listSentContent();
      expect(sent.map((i) => [i.title, i.complete])).toEqual([['Chuyên mục CCHC tháng 7', true]]);
      const file = await server.app.inject({
        method: 'GET',
        url: `/api/v1/files/${sha256}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(Buffer.compare(file.rawPayload, bytes)).toBe(0);

      // A picture called .wav: refused in words before the item goes out (the store would refuse its
      // bytes, and the phones would list an item whose file never comes).
      typeInto(root, 'title', 'Tệp giả âm thanh');
      const fake = Buffer.from(jpeg(64, 64, 2_000));
      // A new file box (the form made a fresh one once the first was sent).
      const second = root.querySelector('input[name=file]') as HTMLInputElement;
      expect(second).not.toBe(input);
      Object.defineProperty(second, 'files', {
        value: [new File([new Uint8Array(fake)], 'gia.wav', { type: 'audio/wav' })],
        configurable: true,
      });
      second.dispatchEvent(new Event('change', { bubbles: true }));
      await settle();
      (root.querySelector('form.content-publish') as HTMLFormElement).requestSubmit();
      await until(() => root.textContent!.includes('không phải loại âm thanh'), 'the refusal');
      expect(root.querySelector('.content-publish [role=status]')?.textContent).toMatch(
        /^“gia.wav” không phải loại âm thanh điện thoại phát được: chỉ nhận âm thanh MP3, M4A, Opus \(Ogg\) hoặc WAV/,
      );
      expect((await api.listSentContent()).map((i) => i.title)).toEqual(['Chuyên mục CCHC tháng 7']);
      expect(root.querySelector('form.content-publish button[type=submit]')?.textContent).toBe('Gửi');
    } finally {
      await server.close();
    }
  }, 20_000);
});
