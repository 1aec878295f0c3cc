import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_KIND_LABELS_VI,
  ACTIVITY_KINDS,
  type ActivityInput,
  type ActivityKind,
  activityInputSchema,
  activitySchema,
  countOf,
  figureSchemas,
  figuresOf,
} from '../../src/shared/activity';

const input = (kind: ActivityKind, figures: Record<string, unknown>): Record<string, unknown> => ({
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  unitId: 'xa-cam-hoa',
  kind,
  date: '2021-07-05',
  title: 'Tuyên truyền CCHC',
  figures,
  deviceId: 'dev-1',
  createdAt: '2021-07-05T08:00:00+07:00',
});

function issuesOf(value: unknown): { path: string; message: string }[] {
  const result = activityInputSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('figures per kind', () => {
  it.each([
    ['broadcast', { sessions: 2, minutes: 15, source: 'relay' }],
    ['broadcast', {}],
    ['broadcast', { minutes: 0 }],
    ['article', { items: 3 }],
    ['article', {}],
    ['material', { copies: 200, direction: 'distributed' }],
    ['material', { copies: 1, direction: 'received' }],
    ['visual', { items: 2 }],
    ['training', { sessions: 1, participants: 120 }],
    ['meeting', { participants: 0 }],
    ['contest', { sessions: 1, participants: 3000 }],
    ['other', {}],
  ] as const)('accepts %s %j', (kind, figures) => {
    expect(issuesOf(input(kind, figures))).toEqual([]);
  });

  it('has a schema for exactly the kinds of the contract', () => {
    expect(Object.keys(figureSchemas).sort()).toEqual([...ACTIVITY_KINDS].sort());
    expect(Object.keys(ACTIVITY_KIND_LABELS_VI).sort()).toEqual([...ACTIVITY_KINDS].sort());
  });

  it('requires copies and direction for material', () => {
    const missing = issuesOf(input('material', {}));
    expect(missing.map((i) => i.path).sort()).toEqual(['figures.copies', 'figures.direction']);
    expect(missing.find((i) => i.path === 'figures.copies')?.message).toBe(
      'Số bản tài liệu phải là số nguyên từ 1 đến 1.000.000.',
    );
    expect(missing.find((i) => i.path === 'figures.direction')?.message).toMatch(/nhận về .* hay phát ra/);
    expect(issuesOf(input('material', { copies: 0, direction: 'received' })).map((i) => i.path)).toEqual([
      'figures.copies',
    ]);
    expect(issuesOf(input('material', { copies: 5, direction: 'lost' })).map((i) => i.path)).toEqual([
      'figures.direction',
    ]);
  });

  it.each([
    ['broadcast', { sessions: 0 }, 'figures.sessions', 'Số lần phát thanh phải là số nguyên từ 1 đến 1.000.000.'],
    ['broadcast', { sessions: 1.5 }, 'figures.sessions', 'Số lần phát thanh phải là số nguyên từ 1 đến 1.000.000.'],
    ['broadcast', { minutes: 1441 }, 'figures.minutes', 'Số phút phát thanh phải là số từ 0 đến 1.440.'],
    ['broadcast', { minutes: -1 }, 'figures.minutes', 'Số phút phát thanh phải là số từ 0 đến 1.440.'],
    [
      'broadcast',
      { source: 'radio' },
      'figures.source',
      'Nguồn phát thanh phải là tự sản xuất (own) hoặc tiếp sóng (relay).',
    ],
    ['article', { items: '3' }, 'figures.items', 'Số tin, bài phải là số nguyên từ 1 đến 1.000.000.'],
    ['visual', { items: 0 }, 'figures.items', 'Số pa nô, áp phích, băng rôn phải là số nguyên từ 1 đến 1.000.000.'],
    [
      'training',
      { participants: -5 },
      'figures.participants',
      'Số người tham dự phải là số nguyên từ 0 đến 1.000.000.',
    ],
    [
      'meeting',
      { sessions: 2_000_000 },
      'figures.sessions',
      'Số hội nghị, buổi đối thoại phải là số nguyên từ 1 đến 1.000.000.',
    ],
    ['contest', { sessions: 0 }, 'figures.sessions', 'Số cuộc thi phải là số nguyên từ 1 đến 1.000.000.'],
    ['other', { items: -1 }, 'figures.items', 'Số hoạt động phải là số nguyên từ 1 đến 1.000.000.'],
  ] as const)('rejects %s %j at %s with a Vietnamese message', (kind, figures, path, message) => {
    const issues = issuesOf(input(kind, figures));
    expect(issues).toEqual([{ path, message }]);
    // A person reads it: Vietnamese words, no schema jargon, NFC.
    expect(message).not.toMatch(/Invalid|expected|undefined/);
    expect(message).toBe(message.normalize('NFC'));
  });

  it('rejects figures that are not an object of numbers and words', () => {
    expect(issuesOf(input('article', { items: [1] })).length).toBeGreaterThan(0);
    expect(activityInputSchema.safeParse(input('article', 5 as unknown as Record<string, unknown>)).success).toBe(
      false,
    );
  });
});

describe('the rest of an entry', () => {
  it('rejects an unknown kind, a non-UUID id, a bad date and a too-long title', () => {
    expect(issuesOf(input('bogus' as ActivityKind, {})).map((i) => i.path)).toEqual(['kind']);
    expect(issuesOf({ ...input('article', {}), id: 'abc' }).map((i) => i.path)).toEqual(['id']);
    expect(issuesOf({ ...input('article', {}), date: '05/07/2021' }).map((i) => i.path)).toEqual(['date']);
    expect(issuesOf({ ...input('article', {}), date: '2021-02-30' }).map((i) => i.path)).toEqual(['date']);
    expect(issuesOf({ ...input('article', {}), title: 'x'.repeat(501) }).map((i) => i.path)).toEqual(['title']);
    expect(issuesOf({ ...input('article', {}), location: { lat: 91, lon: 0 } }).map((i) => i.path)).toEqual([
      'location.lat',
    ]);
  });

  it('says in Vietnamese what is wrong with each field', () => {
    const issues = issuesOf({
      ...input('article', {}),
      id: 'abc',
      unitId: '',
      kind: 'radio',
      date: '2021-02-30',
      title: 'x'.repeat(501),
      topics: ['y'.repeat(101)],
      note: 'z'.repeat(2001),
      location: { lat: 91, lon: 0 },
      createdAt: 'hôm qua',
    });
    expect(Object.fromEntries(issues.map((i) => [i.path, i.message]))).toEqual({
      id: 'Mã mục nhập phải là một UUID do máy tạo.',
      unitId: 'Mã định danh phải có từ 1 đến 64 ký tự.',
      kind: 'Loại hoạt động không hợp lệ.',
      date: 'Ngày hoạt động phải là một ngày có thật, dạng yyyy-mm-dd.',
      title: 'Tiêu đề phải là chữ, tối đa 500 ký tự.',
      'topics.0': 'Chủ đề phải là chữ, tối đa 100 ký tự.',
      note: 'Ghi chú phải là chữ, tối đa 2.000 ký tự.',
      'location.lat': 'Vị trí không hợp lệ (vĩ độ từ -90 đến 90, kinh độ từ -180 đến 180).',
      createdAt: 'Thời điểm tạo phải là ngày giờ ISO 8601.',
    });
    expect(issuesOf({ ...input('article', {}), figures: 5 })).toEqual([
      { path: 'figures', message: 'Số liệu phải là các con số của hoạt động.' },
    ]);
  });

  it('accepts optional links and nulls the phone may send', () => {
    expect(
      issuesOf({
        ...input('article', {}),
        taskId: null,
        planId: 'kh-2021',
        topics: ['TTHC'],
        note: null,
        location: null,
      }),
    ).toEqual([]);
  });

  it('stores the server fields beside the phone fields', () => {
    const stored = { ...input('article', {}), version: 1, voided: false, receivedAt: '2021-07-05T01:00:00Z' };
    expect(activitySchema.safeParse(stored).success).toBe(true);
    expect(activitySchema.safeParse({ ...stored, version: 0 }).success).toBe(false);
    expect(activitySchema.safeParse({ ...stored, figures: { items: 0 } }).success).toBe(false);
  });
});

describe('countOf and figuresOf apply the defaults of the contract', () => {
  const entry = (kind: ActivityKind, figures: ActivityInput['figures'], voided = false) => ({ kind, figures, voided });

  it('counts one session or item when the figure is left out', () => {
    for (const kind of ['broadcast', 'training', 'meeting', 'contest', 'article', 'visual', 'other'] as const) {
      expect(countOf(entry(kind, {}))).toBe(1);
    }
    expect(countOf(entry('broadcast', { sessions: 3 }))).toBe(3);
    expect(countOf(entry('article', { items: 4 }))).toBe(4);
    // A hand-out or a delivery is one event whatever the number of copies.
    expect(countOf(entry('material', { copies: 500, direction: 'received' }))).toBe(1);
  });

  it('fills default figures, splits material by direction, and splits broadcast by source', () => {
    expect(figuresOf(entry('broadcast', {}))).toEqual({ sessions: 1, minutes: 0, ownSessions: 1 });
    expect(figuresOf(entry('broadcast', { sessions: 2, minutes: 30, source: 'relay' }))).toEqual({
      sessions: 2,
      minutes: 30,
      relaySessions: 2,
    });
    expect(figuresOf(entry('training', {}))).toEqual({ sessions: 1, participants: 0 });
    expect(figuresOf(entry('meeting', { participants: 80 }))).toEqual({ sessions: 1, participants: 80 });
    expect(figuresOf(entry('material', { copies: 200, direction: 'received' }))).toEqual({ copiesReceived: 200 });
    expect(figuresOf(entry('material', { copies: 150, direction: 'distributed' }))).toEqual({ copiesDistributed: 150 });
    expect(figuresOf(entry('article', {}))).toEqual({ items: 1 });
    expect(figuresOf(entry('visual', { items: 5 }))).toEqual({ items: 5 });
  });

  it('adds nothing for a voided entry', () => {
    expect(figuresOf(entry('broadcast', { sessions: 2 }, true))).toEqual({});
    expect(figuresOf(entry('material', { copies: 200, direction: 'received' }, true))).toEqual({});
  });
});
