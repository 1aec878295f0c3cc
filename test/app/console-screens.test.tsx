import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConsoleShell } from '../../src/app/console/console-app';
import { ReportView } from '../../src/app/console/report-view';
import { defaultHeading, placeAndDate } from '../../src/shared/report-layout';
import type { ActivityQuery, ConsoleApi, DeviceSummary } from '../../src/app/sync/console-api';
import type { Activity } from '../../src/shared/activity';
import type { Plan } from '../../src/shared/plan';
import { parsePeriodCode } from '../../src/shared/period';
import { computeReport, factsOf } from '../../src/shared/report';
import type { Unit } from '../../src/shared/unit';

// The console's screens over an in-memory stand-in for the server: what an officer sees and taps.
const units: Unit[] = [
  { id: 'cx', code: '436', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
  { id: 'c1', code: '1', name: 'Xã Cẩm Thành', kind: 'commune', parentId: 'cx' },
  { id: 'c2', code: '2', name: 'Thị trấn Thiên Cầm', kind: 'commune', parentId: 'cx' },
  { id: 's1', code: '1s', name: 'Trạm truyền thanh xã Cẩm Thành', kind: 'station', parentId: 'c1' },
];
const hostileTitle = '<img src=x onerror="alert(1)"> Phát thanh CCHC';
const activity = (id: number, unitId: string, date: string, extra: Partial<Activity>): Activity => ({
  id: `0191e000-0000-7000-8000-${String(id).padStart(12, '0')}`,
  unitId,
  kind: 'broadcast',
  date,
  title: 'Chuyên mục CCHC',
  figures: { minutes: 10 },
  deviceId: 'd',
  createdAt: `${date}T08:00:00+07:00`,
  version: 1,
  voided: false,
  receivedAt: `${date}T10:00:00+07:00`,
  ...extra,
});
const activities: Activity[] = [
  activity(1, 's1', '2024-07-02', { title: hostileTitle }),
  activity(2, 's1', '2024-08-02', {}),
  activity(3, 'c2', '2024-09-13', {
    kind: 'training',
    taskId: 'T1',
    figures: { participants: 35 },
    title: 'Tập huấn DVC',
    receivedAt: '2024-09-20T10:00:00+07:00',
  }),
];
const plans: Plan[] = [
  {
    id: 'plan',
    unitId: 'cx',
    number: '152/KH-UBND',
    title: 'Kế hoạch tuyên truyền CCHC năm 2024',
    issuer: null,
    year: 2024,
    issuedOn: null,
    version: 1,
    status: 'published',
    publishedAt: '2024-01-20T00:00:00Z',
    tasks: [
      {
        id: 'T1',
        ordinal: '1',
        title: 'Tập huấn dịch vụ công trực tuyến',
        products: [],
        lead: ['UBND cấp xã'],
        cooperating: [],
        timing: 'Quý III/2024',
        window: null,
        deadline: null,
        target: { count: 1, per: 'quarter', atLeast: true },
        budgetVnd: null,
        kinds: ['training'],
        notes: null,
      },
    ],
    assignments: [{ taskId: 'T1', unitId: 'cx', unitKind: 'commune' }],
  },
];

function fakeApi() {
  const devices: DeviceSummary[] = [
    {
      id: 'dev1',
      name: 'Điện thoại trạm',
      unitId: 's1',
      unitName: 'Trạm truyền thanh xã Cẩm Thành',
      role: 'reporter',
      createdAt: '2024-07-01T00:00:00Z',
      lastSyncAt: '2024-09-02T01:00:00Z',
      pending: 12,
      revokedAt: null,
    },
  ];
  const api = {
    listSentContent: vi.fn(async () => []),
    listUnits: vi.fn(async () => units),
    listPlans: vi.fn(async () => plans),
    listDevices: vi.fn(async () => devices),
    createUnit: vi.fn(async (input: { parentId: string; name: string; kind: string }) => {
      const unit = { id: 'ag1', code: '', name: input.name, kind: 'agency', parentId: input.parentId } as Unit;
      units.push(unit);
      return unit;
    }),
    revokeDevice: vi.fn(async (id: string) => {
      devices[0] = { ...devices[0]!, revokedAt: '2024-09-16T01:00:00Z' };
      return id;
    }),
    importActivities: vi.fn(async (_file: unknown) => ({ created: 3, duplicates: 1, conflicts: 0, rejected: 0 })),
    makeEnrollmentCode: vi.fn(async (unitId: string, _role: string) => ({
      code: 'ABCD234567',
      url: `http://localhost/?code=ABCD234567&unit=${unitId}`,
      expiresAt: '2024-09-23T01:00:00Z',
    })),
    fetchReport: vi.fn(async (unitId: string, code: string, basis: 'decree09' | 'calendar') =>
      computeReport({
        unitId,
        units,
        facts: factsOf(activities),
        plans,
        period: parsePeriodCode(code)!,
        basis,
        asOf: '2024-09-16',
        syncStatus: new Map([['s1', { lastSyncAt: '2024-09-02T01:00:00Z', pending: 12 }]]),
      }),
    ),
    listActivities: vi.fn(async (query: ActivityQuery) => {
      const items = activities.filter(
        (a) => (!query.kind || a.kind === query.kind) && (!query.late || a.receivedAt > '2024-09-15'),
      );
      return { items, total: items.length };
    }),
  };
  return api;
}

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  history.replaceState(null, '', '/#/report');
});
afterEach(() => {
  vi.unstubAllGlobals();
  render(null, root);
  root.remove();
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Không thấy: ${what}\n${root.textContent}`);
}

function button(text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`Không có nút "${text}"`);
  return found;
}

describe('console screens', () => {
  it('opens on reporting week at Quý III/2024 with late entries marked, and drills into a figure', async () => {
    const api = fakeApi();
    render(<ConsoleShell api={api as unknown as ConsoleApi} unitId="cx" today="2024-09-16" />, root);
    await until(
      () => root.textContent!.includes('Kết quả công tác tuyên truyền cải cách hành chính Quý III/2024'),
      'title',
    );
    expect(api.fetchReport).toHaveBeenCalledWith('cx', '2024-Q3', 'decree09');
    expect(root.textContent).toContain('Từ ngày 15/06/2024 đến ngày 14/09/2024');
    expect(root.textContent).toContain('mục nộp muộn (gửi về sau ngày 14/09/2024');
    expect(root.querySelector('tr.has-late')?.textContent).toContain('Thị trấn Thiên Cầm');

    // Tap the broadcast minutes (20) to see the entries behind them.
    const minutes = [...root.querySelectorAll('table.totals tr')].find((tr) =>
      tr.textContent!.includes('Thời lượng phát thanh'),
    )!;
    expect(minutes.textContent).toContain('20');
    minutes.querySelector<HTMLButtonElement>('button.figure')!.click();
    await until(() => root.querySelector('[role="dialog"] tbody') !== null, 'drill-down');
    expect(api.listActivities).toHaveBeenCalledWith(
      expect.objectContaining({ unitId: 'cx', kind: 'broadcast', period: '2024-Q3' }),
    );
    const dialog = root.querySelector('[role="dialog"]')!;
    // A title that looks like HTML stays text.
    expect(dialog.textContent).toContain(hostileTitle);
    expect(dialog.querySelector('img')).toBeNull();
    expect(dialog.textContent).toContain('02/07/2024');
  });

  it('switches to calendar basis and the late entry is no longer late', async () => {
    const api = fakeApi();
    render(<ConsoleShell api={api as unknown as ConsoleApi} unitId="cx" today="2024-09-16" />, root);
    await until(() => root.textContent!.includes('Quý III/2024'), 'report');
    const basis = [...root.querySelectorAll('select')].find((s) => s.querySelector('option[value="calendar"]'))!;
    basis.value = 'calendar';
    basis.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => root.textContent!.includes('Từ ngày 01/07/2024 đến ngày 30/09/2024'), 'calendar range');
    expect(root.textContent).toContain('Không có mục nộp muộn.');
  });

  it('shows the grid: a phone holding 12 unsent entries, and who logged nothing in a month', async () => {
    history.replaceState(null, '', '/#/dashboard');
    const api = fakeApi();
    render(<ConsoleShell api={api as unknown as ConsoleApi} unitId="cx" today="2024-09-16" />, root);
    await until(() => root.querySelector('table.grid tbody') !== null, 'grid');
    const rows = [...root.querySelectorAll('table.grid tbody tr')];
    const camThanh = rows.find((r) => r.textContent!.includes('Xã Cẩm Thành'))!;
    expect(camThanh.querySelector('.cell-pending')?.textContent).toBe('12');
    expect(camThanh.querySelector('.cell-stale')?.textContent).toContain('14 ngày');
    const thienCam = rows.find((r) => r.textContent!.includes('Thị trấn Thiên Cầm'))!;
    // Logged only in the Decree 09 September (15/8–14/9): July and August are behind.
    expect(thienCam.querySelectorAll('.cell-behind')).toHaveLength(2);
    expect(root.textContent).toContain('Xã có chuyên mục CCHC trên loa truyền thanh mỗi tháng');

    // Each commune's tasks: Thiên Cầm held its class, Cẩm Thành did not and the quarter is over.
    button('Xem tiến độ nhiệm vụ của 2 đơn vị').click();
    await until(() => root.querySelector('table.unit-tasks tbody') !== null, 'per-unit tasks');
    const perUnit = [...root.querySelectorAll('table.unit-tasks tbody tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((c) => c.textContent),
    );
    expect(perUnit).toEqual([
      ['Xã Cẩm Thành', '0', '0', '0', '1', '0', '1. Tập huấn dịch vụ công trực tuyến (0/1)'],
      ['Thị trấn Thiên Cầm', '1', '0', '0', '0', '0', ''],
    ]);
  });

  it('makes an enrollment code and revokes a phone only after confirmation', async () => {
    history.replaceState(null, '', '/#/units');
    const api = fakeApi();
    render(<ConsoleShell api={api as unknown as ConsoleApi} unitId="cx" today="2024-09-16" />, root);
    await until(() => root.textContent!.includes('Điện thoại trạm'), 'phones');
    expect(root.querySelector('table.phones .cell-pending')?.textContent).toBe('12');
    button('▸').click();
    await until(() => root.textContent!.includes('Xã Cẩm Thành'), 'tree opened');
    const line = [...root.querySelectorAll('.unit-line')].find((l) => l.textContent!.includes('Xã Cẩm Thành'))!;
    line.querySelector<HTMLButtonElement>('button:last-child')!.click();
    await until(() => root.textContent!.includes('Cấp mã cho Xã Cẩm Thành'), 'code panel');
    button('Tạo mã').click();
    await until(() => root.textContent!.includes('Mã: ABCD234567'), 'code');
    expect(api.makeEnrollmentCode).toHaveBeenCalledWith('c1', 'reporter');
    expect(root.querySelector('a[href*="code=ABCD234567"]')).not.toBeNull();

    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    button('Thu hồi').click();
    expect(api.revokeDevice).not.toHaveBeenCalled();
    button('Thu hồi').click();
    await until(() => root.textContent!.includes('Đã thu hồi'), 'revoked');
    expect(api.revokeDevice).toHaveBeenCalledWith('dev1');
    expect(confirm.mock.calls[1]![0]).toContain('Điện thoại trạm');
  });

  it("adds an agency under the supervisor's unit, and the tree shows it", async () => {
    history.replaceState(null, '', '/#/units');
    const api = fakeApi();
    render(<ConsoleShell api={api as unknown as ConsoleApi} unitId="cx" today="2024-09-16" />, root);
    await until(() => root.querySelector('form.add-agency') !== null, 'agency form');
    const input = root.querySelector<HTMLInputElement>('form.add-agency input')!;
    input.value = 'Đài Truyền thanh - Truyền hình huyện';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => !root.querySelector<HTMLButtonElement>('form.add-agency button')!.disabled, 'enabled');
    root.querySelector<HTMLButtonElement>('form.add-agency button')!.click();
    await until(() => root.textContent!.includes('Đã thêm cơ quan'), 'added');
    expect(api.createUnit).toHaveBeenCalledWith({
      parentId: 'cx',
      name: 'Đài Truyền thanh - Truyền hình huyện',
      kind: 'agency',
    });
    // The tree is read again and lists the new agency.
    await until(() => api.listUnits.mock.calls.length >= 2, 'units reloaded');
    units.pop();
  });

  it("imports a phone's exported file and says what arrived, refusing a file that is not one", async () => {
    history.replaceState(null, '', '/#/units');
    const api = fakeApi();
    render(<ConsoleShell api={api as unknown as ConsoleApi} unitId="cx" today="2024-09-16" />, root);
    await until(() => root.textContent!.includes('Nhập dữ liệu từ điện thoại'), 'import section');
    const input = root.querySelector<HTMLInputElement>('input[type="file"]')!;
    const choose = (file: File) => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };

    choose(new File(['not json'], 'anh.jpg'));
    await until(() => root.textContent!.includes('không đọc được JSON'), 'not-json message');
    expect(api.importActivities).not.toHaveBeenCalled();

    const exported = { format: 'cchc-activities', version: 1, exportedAt: '2024-09-10T01:00:00Z', activities: [] };
    choose(new File([JSON.stringify(exported)], 'cchc-du-lieu.json', { type: 'application/json' }));
    await until(() => root.textContent!.includes('Đã nhập: 3 mục mới, 1 mục đã có'), 'outcome');
    expect(api.importActivities).toHaveBeenCalledWith(exported);
  });

  it('switches to English for a visiting officer and back', async () => {
    render(<ConsoleShell api={fakeApi() as unknown as ConsoleApi} unitId="cx" today="2024-09-16" />, root);
    await until(() => root.textContent!.includes('Quý III/2024'), 'report');
    button('English').click();
    await until(() => root.textContent!.includes('Units and phones'), 'English tabs');
    expect(root.textContent).toContain('Download');
    button('Tiếng Việt').click();
    await until(() => root.textContent!.includes('Đơn vị và máy'), 'Vietnamese tabs');
  });

  it('makes a printable sheet of codes, one per commune', async () => {
    history.replaceState(null, '', '/#/units');
    const api = fakeApi();
    render(<ConsoleShell api={api as unknown as ConsoleApi} unitId="cx" today="2024-09-16" />, root);
    await until(() => root.querySelector('.unit-line') !== null, 'tree');
    root.querySelector<HTMLButtonElement>('.unit-line button:last-child')!.click();
    await until(() => root.querySelector('.batch select') !== null, 'batch form');
    const kind = root.querySelector<HTMLSelectElement>('.batch select')!;
    kind.value = 'commune';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => !root.querySelector<HTMLButtonElement>('.batch button')!.disabled, 'batch button enabled');
    root.querySelector<HTMLButtonElement>('.batch button')!.click();
    await until(() => root.querySelectorAll('.code-sheet .code-card').length === 2, 'two cards');
    // The district itself gets supervisor codes, but the sheet is for the communes' reporters.
    expect(api.makeEnrollmentCode.mock.calls.map((c) => [...c])).toEqual([
      ['c1', 'reporter'],
      ['c2', 'reporter'],
    ]);
    expect(root.querySelector('.code-sheet')!.textContent).toContain('Cán bộ ghi nhận (điện thoại)');
    expect([...root.querySelectorAll('.code-sheet .code-card strong')].map((e) => e.textContent)).toEqual([
      'Xã Cẩm Thành',
      'Thị trấn Thiên Cầm',
    ]);
  });

  it('heads the print view as the .docx heads the document: issuer, number, place and date alike', () => {
    const report = computeReport({
      unitId: 'cx',
      units,
      facts: factsOf(activities),
      plans,
      period: parsePeriodCode('2024-Q4')!,
      asOf: '2024-12-05',
    });
    render(<ReportView report={report} printable />, root);
    const header = root.querySelector('.doc-header')!.textContent!;
    const heading = defaultHeading(report, report.asOf);
    // Decree 30 writes days below 10 with a leading zero, on paper and in Word alike.
    expect(placeAndDate(heading)).toMatch(/, ngày 05 tháng 12 năm 2024$/);
    expect(header).toContain(placeAndDate(heading));
    expect(header).toContain(heading.issuer.split(' ').slice(4).join(' '));
    expect(root.querySelector('.doc-header .pre')!.textContent).toBe(heading.number);
  });
});

describe('the console report: narrative and sharing (issue 16)', () => {
  const setText = (name: string, text: string) => {
    const box = root.querySelector<HTMLTextAreaElement>(`textarea[name=${name}]`)!;
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  };

  it("writes the narrative from the figures, takes the officer's words into the file, and shares it with the summary", async () => {
    const api = {
      ...fakeApi(),
      downloadReport: vi.fn(async () => ({
        blob: new Blob(['PK fake docx'], { type: 'application/octet-stream' }),
        fileName: 'bao-cao-cchc-2024-Q3-decree09.docx',
      })),
    };
    const shared: ShareData[] = [];
    Object.defineProperty(navigator, 'canShare', { configurable: true, value: () => true });
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: async (data: ShareData) => {
        shared.push(data);
      },
    });
    try {
      render(<ConsoleShell api={api as unknown as ConsoleApi} unitId="cx" today="2024-09-16" />, root);
      await until(() => root.querySelector('textarea[name=results]') !== null, 'the narrative');
      const results = root.querySelector<HTMLTextAreaElement>('textarea[name=results]')!.value;
      expect(results).toContain('Đã tổ chức 01 lớp tập huấn với 35 lượt người tham gia');
      expect(results).toContain(
        'Đã phát 02 buổi tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh cơ sở',
      );
      expect(root.querySelector('[data-testid=report-summary]')!.textContent).toBe(
        'Huyện Cẩm Xuyên, Quý III/2024: 02 buổi phát thanh, 01 lớp tập huấn; 0/01 nhiệm vụ đã hoàn thành.',
      );
      setText('proposals', 'Đề nghị tỉnh bổ sung kinh phí.');
      await until(() => root.querySelector('[data-part=proposals] .badge') !== null, 'the part marked edited');
      button('Chia sẻ báo cáo').click();
      await until(() => shared.length === 1, 'the share');
      expect(api.downloadReport).toHaveBeenCalledWith(
        'cx',
        '2024-Q3',
        'decree09',
        'docx',
        expect.objectContaining({ results, proposals: 'Đề nghị tỉnh bổ sung kinh phí.' }),
      );
      const file = shared[0]!.files![0]!;
      expect(file.name).toBe('bao-cao-cchc-2024-Q3-decree09.docx');
      expect(file.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(shared[0]!.text).toMatch(/^Huyện Cẩm Xuyên, Quý III\/2024: 02 buổi phát thanh/);
      await until(() => root.querySelector('[data-testid=report-message]') !== null, 'the confirmation');
      expect(root.querySelector('[data-testid=report-message]')!.textContent).toContain('Đã chia sẻ tệp');

      // A browser that cannot share files: the file is downloaded and the summary copied, and it says so.
      Object.defineProperty(navigator, 'canShare', { configurable: true, value: () => false });
      const copied: string[] = [];
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: async (text: string) => void copied.push(text) },
      });
      // jsdom follows a download link as a navigation (a browser saves the file and stays on the page),
      // which would leave the report tab: the test takes the download at the click, as the browser does.
      const downloads: string[] = [];
      const takeDownload = (event: Event) => {
        const link = (event.target as Element).closest('a[download]') as HTMLAnchorElement | null;
        if (!link) return;
        event.preventDefault();
        downloads.push(link.download);
      };
      document.addEventListener('click', takeDownload, true);
      button('Chia sẻ báo cáo').click();
      await until(() => copied.length === 1, 'the copy');
      document.removeEventListener('click', takeDownload, true);
      expect(downloads).toEqual(['bao-cao-cchc-2024-Q3-decree09.docx']);
      expect(copied[0]).toMatch(/^Huyện Cẩm Xuyên, Quý III\/2024/);
      await until(
        () => root.querySelector('[data-testid=report-message]')?.textContent?.includes('chép nội dung') ?? false,
        'the download confirmation',
      );
      expect(shared).toHaveLength(1);
    } finally {
      for (const name of ['canShare', 'share', 'clipboard']) Reflect.deleteProperty(navigator, name);
    }
  });
});
