import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleContext } from '../../src/app/console/console-app';
import { ContentAired, ContentScreen } from '../../src/app/console/content-screen';
import type { ConsoleApi } from '../../src/app/sync/console-api';
import type { ContentInput, ContentReport } from '../../src/shared/content';
import { mount, typeInto, unmountAll, until } from './support/render';

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
    sendFileChunk: vi.fn(),
  };
  const ctx = {
    api: api as unknown as ConsoleApi,
    root: { id: 'p1', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
    units: [],
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

  it('publishes a script to every station with what is expected and by when', async () => {
    const { ctx, published, api } = context();
    const root = mount(<ContentScreen ctx={ctx} />);
    (root.querySelector('input[name=kind][value=script]') as HTMLInputElement).click();
    await until(() => root.querySelector('textarea[name=script]') !== null, 'the script box');
    typeInto(root, 'title', 'Kịch bản tuyên truyền dịch vụ công');
    (root.querySelector('textarea[name=script]') as HTMLTextAreaElement).value = 'Kính thưa bà con…';
    root.querySelector('textarea[name=script]')!.dispatchEvent(new Event('input', { bubbles: true }));
    typeInto(root, 'expectation', 'Phát trong tháng 10, tối thiểu 2 lần');
    typeInto(root, 'minAirings', '2');
    typeInto(root, 'due', '2025-10-31');
    // The period is picked by its name, never typed as a code.
    const period = root.querySelector('select[name=period]') as HTMLSelectElement;
    const october = [...period.options].find((o) => o.textContent === 'Tháng 10/2025');
    expect(october?.value).toBe('2025-M10');
    expect([...period.options].some((o) => /\d{4}-[MQH]/.test(o.textContent ?? ''))).toBe(false);
    period.value = october!.value;
    period.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => (root.querySelector('input[name=minAirings]') as HTMLInputElement).value === '2', 'typed');
    (root.querySelector('form.content-publish') as HTMLFormElement).requestSubmit();
    await until(() => published.length === 1, 'the item published');
    expect(published[0]).toMatchObject({
      kind: 'script',
      title: 'Kịch bản tuyên truyền dịch vụ công',
      script: 'Kính thưa bà con…',
      file: null,
      unitKinds: ['station'],
      expectation: 'Phát trong tháng 10, tối thiểu 2 lần',
      minAirings: 2,
      due: '2025-10-31',
      period: '2025-M10',
    });
    expect(api.sendFileChunk).not.toHaveBeenCalled();
    await until(() => root.textContent!.includes('Đã gửi “Kịch bản tuyên truyền dịch vụ công”'), 'the sent line');
  });
});
