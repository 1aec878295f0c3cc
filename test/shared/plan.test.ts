import { describe, expect, it } from 'vitest';
import * as shared from '../../src/shared/index';
import {
  assignmentSchema,
  dateWindowSchema,
  indicatorSchema,
  planInputSchema,
  planSchema,
  targetSchema,
  taskSchema,
} from '../../src/shared/plan';
import { describeTarget } from '../../src/shared/target';

const task = {
  id: 't1',
  ordinal: '1',
  title: 'Tuyên truyền trên Cổng thông tin điện tử',
  products: ['Tin, bài'],
  lead: ['Văn phòng HĐND-UBND huyện'],
  cooperating: [],
  timing: 'Thường xuyên trong năm 2021',
  window: null,
  deadline: null,
  target: { count: 15, per: 'year', atLeast: false },
  budgetVnd: 50_000_000,
  kinds: ['article'],
  notes: null,
};
const plan = {
  id: 'kh-2021',
  unitId: 'huyen-cam-xuyen',
  number: '55/KH-UBND',
  title: 'Kế hoạch tuyên truyền CCHC năm 2021',
  issuer: 'UBND huyện Cẩm Xuyên',
  year: 2021,
  issuedOn: '2021-01-20',
  version: 1,
  status: 'published',
  publishedAt: '2021-01-20T02:00:00Z',
  tasks: [task],
  assignments: [{ taskId: 't1', unitId: 'huyen-cam-xuyen', unitKind: 'commune' }],
};

describe('plan schemas', () => {
  it('accepts a published plan with a task, a target and a kind assignment', () => {
    expect(planSchema.safeParse(plan).success).toBe(true);
  });

  it.each([
    [{ count: 1, per: 'month', atLeast: false }, true],
    [{ count: 1, per: 'window', atLeast: true }, true],
    [{ count: 0, per: 'month', atLeast: false }, false],
    [{ count: 1.5, per: 'month', atLeast: false }, false],
    [{ count: 1, per: 'day', atLeast: false }, false],
    [{ count: 1, per: 'month' }, false],
  ])('target %j valid: %s', (target, valid) => {
    expect(targetSchema.safeParse(target).success).toBe(valid);
  });

  it('refuses a window that ends before it starts, in Vietnamese', () => {
    expect(dateWindowSchema.safeParse({ from: '2021-07-01', to: '2021-09-30' }).success).toBe(true);
    expect(dateWindowSchema.safeParse({ from: '2021-07-01', to: '2021-07-01' }).success).toBe(true);
    const bad = dateWindowSchema.safeParse({ from: '2021-09-30', to: '2021-07-01' });
    expect(bad.error?.issues[0]?.message).toBe('Ngày bắt đầu phải trước ngày kết thúc.');
  });

  it('refuses a negative budget, an unknown kind, an unknown unit kind and a draft status typo', () => {
    expect(taskSchema.safeParse({ ...task, budgetVnd: -1 }).success).toBe(false);
    expect(taskSchema.safeParse({ ...task, kinds: ['radio'] }).success).toBe(false);
    expect(assignmentSchema.safeParse({ taskId: 't1', unitId: 'x', unitKind: 'village' }).success).toBe(false);
    expect(assignmentSchema.safeParse({ taskId: 't1', unitId: 'x', unitKind: null }).success).toBe(true);
    expect(planSchema.safeParse({ ...plan, status: 'publish' }).success).toBe(false);
    expect(planSchema.safeParse({ ...plan, year: 1999 }).success).toBe(false);
  });
});

describe('plan indicators', () => {
  // As a plan stored before indicators had a measure keeps them (jsonb, migration 0016).
  const stored = {
    id: 'chi-tieu-5',
    text: '100% điểm Bưu điện văn hóa xã có tài liệu tuyên truyền về CCHC',
    unitKind: 'post_office',
    activityKind: 'material',
    figure: null,
    every: 'quarter',
    share: 1,
  };
  const held = { ...stored, measure: 'held' };
  const messageOf = (value: unknown) => indicatorSchema.safeParse(value).error?.issues.map((i) => i.message);

  it('reads an indicator stored without a measure as it was, and one that holds material', () => {
    expect(indicatorSchema.parse(stored)).toEqual(stored);
    expect(planSchema.safeParse({ ...plan, indicators: [stored] }).success).toBe(true);
    expect(indicatorSchema.parse(held)).toEqual(held);
    expect(indicatorSchema.parse({ ...held, figure: { name: 'copies', atLeast: 20 } }).figure).toEqual({
      name: 'copies',
      atLeast: 20,
    });
  });

  it('refuses, in words, holding a kind that has no stock or a minimum of a figure not held', () => {
    expect(messageOf({ ...held, activityKind: 'broadcast' })).toEqual([
      'Chỉ tiêu tính theo số còn giữ chỉ áp dụng cho loại hoạt động có nhận về và phát ra ("Tài liệu"); hãy chọn loại đó, hoặc tính theo hoạt động đã ghi nhận.',
    ]);
    expect(messageOf({ ...held, activityKind: null })).toHaveLength(1);
    expect(messageOf({ ...held, figure: { name: 'items', atLeast: 2 } })).toEqual([
      'Chỉ tiêu tính theo số còn giữ chỉ đặt được mức tối thiểu là số còn giữ (số bản tài liệu), không theo số đã ghi nhận.',
    ]);
    expect(messageOf({ ...stored, measure: 'owned' })).toHaveLength(1);
    // What a console sends is checked the same way.
    const input = { title: 'Kế hoạch', year: 2021, tasks: [], indicators: [{ ...held, activityKind: 'article' }] };
    expect(planInputSchema.safeParse(input).error?.issues[0]?.path).toEqual(['indicators', 0, 'measure']);
  });
});

describe('the barrel keeps the names the server, the PWA and the console code against', () => {
  it.each([
    'ACTIVITY_KINDS',
    'ACTIVITY_KIND_LABELS_VI',
    'MAX_BODY_BYTES',
    'MAX_MUTATIONS_PER_SYNC',
    'PERIOD_BASES',
    'PROTOCOL_VERSION',
    'TASK_STATUS_LABELS',
    'UNIT_KINDS',
    'UNIT_KIND_LABELS',
    'activeRangeOf',
    'activityInputSchema',
    'activityKindSchema',
    'activitySchema',
    'addDays',
    'addToTotals',
    'ancestorsOf',
    'assignmentSchema',
    'combineStatuses',
    'computeCoverage',
    'computeProgress',
    'computeReport',
    'countOf',
    'dateWindowSchema',
    'daysInRange',
    'enrollRequestSchema',
    'factOf',
    'factsOf',
    'figureSchemas',
    'figuresOf',
    'foldDiacritics',
    'formatDateTimeVi',
    'formatDateVi',
    'formatNumberVi',
    'formatPeriodCode',
    'formatVnd',
    'indexUnits',
    'intersectRanges',
    'isInSubtree',
    'isLate',
    'isRealDate',
    'materialStock',
    'monthsOverlapping',
    'mutationEnvelopeSchema',
    'mutationSchema',
    'nameKey',
    'parseDateVi',
    'parsePeriodCode',
    'periodBasisSchema',
    'periodCodeSchema',
    'periodContaining',
    'periodLabel',
    'periodRange',
    'planSchema',
    'resolveAssignees',
    'roleSchema',
    'subtreeOf',
    'syncRequestSchema',
    'targetSchema',
    'taskSchema',
    'toNfc',
    'unitKindSchema',
    'unitSchema',
    'upsertMutationSchema',
    'vietnamDateOf',
    'voidMutationSchema',
  ])('exports %s', (name) => {
    expect(shared).toHaveProperty(name);
    expect((shared as Record<string, unknown>)[name]).toBeDefined();
  });
});

describe('a target in words, one phrasing for phone, console and report', () => {
  it('says the count, its period and "at least" in Vietnamese and English', () => {
    expect(describeTarget({ count: 4, per: 'month', atLeast: false })).toBe('4 lần/tháng');
    expect(describeTarget({ count: 1, per: 'year', atLeast: true })).toBe('Tối thiểu 1 lần/năm');
    expect(describeTarget({ count: 1200, per: 'window', atLeast: false })).toBe('1.200 lần trong thời gian thực hiện');
    expect(describeTarget({ count: 2, per: 'quarter', atLeast: true }, 'en')).toBe('at least 2 per quarter');
    expect(describeTarget({ count: 3, per: 'window', atLeast: false }, 'en')).toBe('3 within the period');
  });
});
