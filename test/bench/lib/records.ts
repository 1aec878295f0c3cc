import type { ActivityInput, ActivityKind } from '../../../src/shared/index';
import { uuidv7 } from '../../../src/app/db/uuid';

/** The fields a phone's form fills in for one entry, with its id made up front. */
export type BenchDraft = Omit<ActivityInput, 'unitId' | 'deviceId' | 'createdAt'> & { id: string };

const TITLES: Record<ActivityKind, string[]> = {
  broadcast: [
    'Tuyên truyền cải cách thủ tục hành chính trên hệ thống loa truyền thanh',
    'Tiếp sóng chuyên mục Cải cách hành chính của Đài tỉnh',
    'Dịch vụ công trực tuyến mức độ toàn trình',
  ],
  article: ['Tin bài về cải cách hành chính trên cổng thông tin điện tử xã', 'Bản tin CCHC số mới'],
  material: ['Tờ gấp hướng dẫn thủ tục hành chính', 'Sổ tay cải cách hành chính'],
  visual: ['Pa nô tuyên truyền CCHC tại trụ sở UBND xã', 'Băng rôn Chỉ số hài lòng của người dân'],
  training: ['Tập huấn kỹ năng sử dụng dịch vụ công trực tuyến'],
  meeting: ['Hội nghị đối thoại với người dân về thủ tục hành chính'],
  contest: ['Cuộc thi tìm hiểu cải cách hành chính'],
  other: ['Hoạt động tuyên truyền khác'],
  radio_tv: ['Chuyên mục Cải cách hành chính trên Đài Phát thanh - Truyền hình tỉnh'],
  press: ['Bài viết về dịch vụ công trực tuyến trên Báo Hà Tĩnh điện tử'],
  social: ['Hướng dẫn nộp hồ sơ trực tuyến trên nhóm Zalo của xã'],
  law_day: ['Ngày Pháp luật: phổ biến Luật Đất đai'],
  desk_guidance: ['Hướng dẫn nộp hồ sơ trực tuyến tại Bộ phận một cửa'],
  survey: ['Khảo sát mức độ hài lòng của người dân'],
};

// A commune's log is mostly broadcasts, then material and articles, as the plans' appendices show.
const KIND_WEIGHTS: [ActivityKind, number][] = [
  ['broadcast', 50],
  ['material', 15],
  ['article', 12],
  ['visual', 8],
  ['meeting', 6],
  ['training', 5],
  ['contest', 2],
  ['other', 2],
];

/** A small seeded generator (mulberry32), so that every run logs the same entries. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function figuresFor(kind: ActivityKind, random: () => number): Record<string, number | string> {
  switch (kind) {
    case 'broadcast':
      return { minutes: 5 + Math.floor(random() * 4) * 5, source: random() < 0.7 ? 'own' : 'relay' };
    case 'material':
      return { copies: 10 + Math.floor(random() * 20) * 10, direction: random() < 0.4 ? 'received' : 'distributed' };
    case 'training':
    case 'meeting':
    case 'contest':
      return { participants: 20 + Math.floor(random() * 180) };
    default:
      return {};
  }
}

/**
 * `count` entries such as one commune logs over a few years: dates spread from `firstDate` on,
 * ids as UUID v7 in creation order.
 */
export function makeDrafts(count: number, seed: number, firstDate = '2024-01-01'): BenchDraft[] {
  const random = seededRandom(seed);
  const total = KIND_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const start = Date.parse(`${firstDate}T00:00:00Z`);
  const drafts: BenchDraft[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    let kind: ActivityKind = 'other';
    for (const [k, w] of KIND_WEIGHTS) {
      r -= w;
      if (r < 0) {
        kind = k;
        break;
      }
    }
    const day = Math.floor((i / count) * 730);
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    drafts.push({
      id: uuidv7(start + i * 60_000),
      kind,
      date,
      title: pick(random, TITLES[kind]),
      figures: figuresFor(kind, random),
    });
  }
  return drafts;
}
