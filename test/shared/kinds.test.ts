import { describe, expect, it } from 'vitest';
import { activityInputSchema, countOf, figuresOf } from '../../src/shared/activity';
import {
  ACTIVITY_KINDS,
  type ActivityKind,
  KIND_DEFINITIONS,
  REPORT_ORDER,
  STOCKED_KINDS,
  stockHeld,
} from '../../src/shared/kinds';
import { FIGURE_LINES, UNIT_COLUMNS, unitColumnsOf } from '../../src/shared/report-lines';

const FORM_KEYS = ['date', 'title', 'taskId', 'topics', 'note', 'location'];
// The units the official report prints (issue "Every channel the plans name").
const REPORT_UNITS = [
  'lớp',
  'lượt người',
  'bản',
  'buổi',
  'phút',
  'cái',
  'cuộc',
  'chương trình',
  'tin, bài',
  'lượt',
  'hoạt động',
];

function input(kind: string, figures: Record<string, unknown>) {
  return {
    id: '0190f3a0-0000-7000-8000-000000000001',
    unitId: 'c1',
    kind,
    date: '2026-10-05',
    title: 'Tuyên truyền CCHC',
    figures,
    deviceId: 'dev',
    createdAt: '2026-10-05T08:00:00+07:00',
  };
}

function issuesOf(value: unknown) {
  const result = activityInputSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('the kinds definition holds together', () => {
  it('has unique ids, every kind once in the report order, and no figure named like a form box', () => {
    expect(new Set(ACTIVITY_KINDS).size).toBe(KIND_DEFINITIONS.length);
    expect([...REPORT_ORDER].sort()).toEqual([...ACTIVITY_KINDS].sort());
    for (const kind of KIND_DEFINITIONS) {
      for (const field of kind.fields) expect(FORM_KEYS, `${kind.id}.${field.name}`).not.toContain(field.name);
    }
  });

  it('sums figures the kind has, splits them by choices it has, and counts by a figure it sums whole', () => {
    for (const kind of KIND_DEFINITIONS) {
      const byName = new Map<string, (typeof kind.fields)[number]>(kind.fields.map((f) => [f.name, f]));
      for (const sum of kind.sums) {
        expect(byName.get(sum.of)?.type, `${kind.id}.${sum.name}`).toBe('number');
        if ('when' in sum && sum.when) {
          const choice = byName.get(sum.when.field);
          expect(choice?.type, `${kind.id}.${sum.name}`).toBe('choice');
          expect(choice?.type === 'choice' && choice.options.map((o) => o.id)).toContain(sum.when.is);
        }
      }
      if (kind.countBy) expect(kind.sums.some((s) => s.of === kind.countBy && !('when' in s))).toBe(true);
    }
  });

  it('keeps a stock of material only: copies received minus copies handed out, of its own sums', () => {
    expect(STOCKED_KINDS).toEqual(['material']);
    for (const kind of KIND_DEFINITIONS) {
      if (!kind.stock) continue;
      const sums = new Map<string, (typeof kind.sums)[number]>(kind.sums.map((s) => [s.name, s]));
      expect(sums.get(kind.stock.in)?.of, kind.id).toBe(kind.stock.of);
      expect(sums.get(kind.stock.out)?.of, kind.id).toBe(kind.stock.of);
    }
    const material = (direction: string, copies: number) => ({
      kind: 'material',
      figures: figuresOf({ kind: 'material', figures: { direction, copies } }),
    });
    expect(stockHeld([material('received', 200), material('distributed', 150)], 'material')).toBe(50);
    expect(stockHeld([material('received', 200)], 'broadcast')).toBe(0);
  });

  it('prints every report line in the units officers write, in correct Vietnamese', () => {
    for (const line of FIGURE_LINES) {
      expect(REPORT_UNITS, `${line.kind}.${line.figure}`).toContain(line.unitLabel);
      for (const text of [line.label, line.short, line.unitLabel]) expect(text).toBe(text.normalize('NFC'));
    }
    for (const kind of KIND_DEFINITIONS) {
      for (const text of [kind.label.vi, kind.name.vi]) expect(text).toBe(text.normalize('NFC'));
    }
  });

  it('lists the report lines kind by kind in the report order, numbering all but the parts', () => {
    expect([...new Set(FIGURE_LINES.map((l) => l.kind))]).toEqual(REPORT_ORDER);
    // Every sum but the money spent, which the report states per task against the plan's budget.
    expect(FIGURE_LINES).toHaveLength(KIND_DEFINITIONS.reduce((n, k) => n + k.sums.filter((s) => !s.money).length, 0));
    expect(FIGURE_LINES.some((l) => l.figure === 'spentVnd')).toBe(false);
    expect(KIND_DEFINITIONS.every((k) => k.sums.some((s) => s.name === 'spentVnd' && s.money))).toBe(true);
    const numbered = FIGURE_LINES.filter((l) => !l.part).map((l) => l.ordinal);
    expect(numbered).toEqual(numbered.map((_, i) => String(i + 1)));
    expect(FIGURE_LINES.filter((l) => l.part).every((l) => l.ordinal === '' && l.label.startsWith('—'))).toBe(true);
    expect(UNIT_COLUMNS.every((c) => !c.part)).toBe(true);
    // A printed report shows the columns of the kinds it has entries of.
    expect(unitColumnsOf({ social: { posts: 2 } }).map((c) => c.figure)).toEqual(['posts', 'reach']);
  });
});

describe('the channels the plans name', () => {
  it.each([
    ['radio_tv', {}, { programmes: 1, radioProgrammes: 1, minutes: 0 }, 1],
    ['radio_tv', { programmes: 2, medium: 'tv', minutes: 30 }, { programmes: 2, tvProgrammes: 2, minutes: 30 }, 2],
    ['press', { items: 3 }, { items: 3 }, 3],
    ['social', { posts: 2, reach: 1200 }, { posts: 2, reach: 1200 }, 2],
    ['social', {}, { posts: 1 }, 1],
    ['law_day', { participants: 80 }, { sessions: 1, participants: 80 }, 1],
    ['desk_guidance', { people: 17, online: 9 }, { people: 17, online: 9 }, 1],
    ['desk_guidance', { people: 5 }, { people: 5 }, 1],
    ['survey', { responses: 150 }, { surveys: 1, responses: 150 }, 1],
  ] as const)('%s %j adds %j and counts %i', (kind, figures, sums, count) => {
    expect(issuesOf(input(kind, figures))).toEqual([]);
    const entry = { kind: kind as ActivityKind, figures, voided: false };
    expect(figuresOf(entry)).toEqual(sums);
    expect(countOf(entry)).toBe(count);
  });

  it.each([
    ['radio_tv', { medium: 'internet' }, 'figures.medium', 'Kênh phải là phát thanh (radio) hoặc truyền hình (tv).'],
    ['radio_tv', { programmes: 0 }, 'figures.programmes', 'Số chương trình phải là số nguyên từ 1 đến 1.000.000.'],
    ['press', { items: 1.5 }, 'figures.items', 'Số tin, bài trên báo phải là số nguyên từ 1 đến 1.000.000.'],
    ['social', { reach: -1 }, 'figures.reach', 'Số lượt tiếp cận phải là số nguyên từ 0 đến 100.000.000.'],
    ['law_day', { sessions: 0 }, 'figures.sessions', 'Số buổi Ngày Pháp luật phải là số nguyên từ 1 đến 1.000.000.'],
    ['desk_guidance', {}, 'figures.people', 'Số người được hướng dẫn phải là số nguyên từ 1 đến 1.000.000.'],
    [
      'desk_guidance',
      { people: 5, online: 9 },
      'figures.online',
      'Số người được hỗ trợ nộp trực tuyến phải là số nguyên từ 0 đến 1.000.000 và không quá số người được hướng dẫn.',
    ],
    ['survey', { responses: -3 }, 'figures.responses', 'Số phiếu trả lời phải là số nguyên từ 0 đến 1.000.000.'],
  ] as const)('refuses %s %j at %s in words', (kind, figures, path, message) => {
    expect(issuesOf(input(kind, figures))).toEqual([{ path, message }]);
  });

  it('keeps the figures of a kind this release does not know, as they were sent', () => {
    const entry = { kind: 'podcast' as ActivityKind, figures: { episodes: 3, host: 'Xã' }, voided: false };
    expect(figuresOf(entry)).toEqual({ episodes: 3 });
    expect(countOf(entry)).toBe(1);
  });
});
