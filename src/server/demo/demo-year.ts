import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ActivityInput } from '../../shared/activity';
import { vietnamDateOf } from '../../shared/format';
import { addDays, periodRange } from '../../shared/period';
import type { Plan, Task } from '../../shared/plan';
import { PROTOCOL_VERSION } from '../../shared/sync';
import { hashSecret, newToken } from '../auth/auth';
import type { Database } from '../db/schema';
import { insertDevice } from '../devices/devices.repository';
import { createContext } from '../http/context';
import { handleSync } from '../sync/sync.service';

/**
 * The year of work the demo shows: the phones of a dozen communes (the commune officer, the
 * loudspeaker station, the post-office culture point) logged what they did against the current
 * plan and synced it, through the real sync path, at the end of each month. Some communes
 * are ahead, some behind; one has not synced for five weeks; one entry of the last quarter came
 * in after the quarter closed. The same every time (a fixed seed), moved to the current year.
 */

/** How a commune works: how much of its targets it does, and whether it stopped syncing. */
interface Profile {
  readonly pace: number;
  readonly silentForWeeks?: number;
}
const PROFILES: readonly Profile[] = [
  { pace: 1.15 },
  { pace: 1.3 },
  { pace: 1 },
  { pace: 0.9 },
  { pace: 0.75 },
  { pace: 1.05 },
  { pace: 0.55 },
  { pace: 0.4, silentForWeeks: 5 },
  { pace: 0.95 },
  { pace: 0.65 },
  { pace: 0.3 },
  { pace: 0.85 },
];
/** How many communes the demo gives a year of entries. */
export const DEMO_ACTIVE_COMMUNES = PROFILES.length;

const BROADCAST_TITLES = [
  'Chuyên mục CCHC: dịch vụ công trực tuyến',
  'Hướng dẫn nộp hồ sơ qua Cổng dịch vụ công quốc gia',
  'Tiếp sóng chương trình CCHC của tỉnh',
  'Thủ tục đăng ký khai sinh, kết hôn trực tuyến',
  'Thanh toán không dùng tiền mặt khi làm thủ tục',
  'Cài đặt và dùng tài khoản VNeID mức 2',
];
const ARTICLE_TITLES = [
  'Tin: Bộ phận Một cửa xã tiếp nhận hồ sơ trực tuyến',
  'Bài: Kết quả cải cách hành chính quý',
  'Công khai thủ tục hành chính mới ban hành',
  'Tin: Hướng dẫn người dân dùng dịch vụ công',
];

/** A small seeded generator (mulberry32): the demo is the same at every load. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The instant of a Vietnam local date and hour. */
function vietnamInstant(date: string, hour: number, minute = 0): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 7) * 3_600_000 + minute * 60_000).toISOString();
}

/** The last day of the calendar month of a local date. */
function endOfMonth(date: string): string {
  const month = { type: 'month', year: Number(date.slice(0, 4)), index: Number(date.slice(5, 7)) } as const;
  return periodRange(month, 'calendar').to;
}

/** The task of a plan with its ordinal. */
function taskOf(plan: Plan, ordinal: string): Task {
  return plan.tasks.find((t) => t.ordinal === ordinal)!;
}

interface DemoUnit {
  readonly id: string;
  readonly path: string;
  readonly name: string;
}

/** One device's year: its entries, each with the day it was logged. */
type Logged = ActivityInput & { readonly date: string };

/**
 * Logs and syncs the demo year for `communes` (each with its station and post-office point),
 * from `from` to the day before `today` (Vietnam dates). Returns the number of entries.
 */
export async function loadDemoYear(
  db: Kysely<Database>,
  input: {
    plan: Plan;
    communes: readonly { commune: DemoUnit; station: DemoUnit; postOffice: DemoUnit }[];
    from: string;
    now: Date;
  },
): Promise<number> {
  const { plan } = input;
  const today = vietnamDateOf(input.now);
  const until = addDays(today, -1);
  const next = random(20_260_101);
  const task = {
    portal: taskOf(plan, '3'),
    postOffice: taskOf(plan, '4'),
    station: taskOf(plan, '5'),
    online: taskOf(plan, '6'),
    visual: taskOf(plan, '7'),
    contest: taskOf(plan, '8'),
  };
  let total = 0;
  for (const [index, place] of input.communes.entries()) {
    const profile = PROFILES[index % PROFILES.length]!;
    const lastDay = profile.silentForWeeks ? addDays(today, -7 * profile.silentForWeeks) : until;
    const devices = [
      { unit: place.station, name: 'Điện thoại trạm truyền thanh', entries: [] as Logged[] },
      { unit: place.commune, name: 'Điện thoại cán bộ văn hóa xã', entries: [] as Logged[] },
      { unit: place.postOffice, name: 'Máy tính điểm Bưu điện - Văn hóa', entries: [] as Logged[] },
    ];
    const [station, commune, postOffice] = devices as [(typeof devices)[0], (typeof devices)[0], (typeof devices)[0]];
    const entry = (
      device: (typeof devices)[0],
      date: string,
      kind: ActivityInput['kind'],
      t: Task | null,
      title: string,
      figures: ActivityInput['figures'],
    ) => {
      device.entries.push({
        id: randomUUID(),
        unitId: device.unit.id,
        kind,
        date,
        taskId: t?.id ?? null,
        planId: t ? plan.id : null,
        title,
        figures,
        deviceId: '',
        createdAt: vietnamInstant(date, 8 + Math.floor(next() * 10), Math.floor(next() * 60)),
      });
    };
    // Month by month: the station's broadcasts (8 a month asked), the commune's portal news and
    // desk guidance, the post-office point's material received and handed out.
    for (let month = input.from.slice(0, 7); `${month}-01` <= lastDay; ) {
      const days = Number(endOfMonth(`${month}-15`).slice(8));
      const day = (d: number) => `${month}-${String(Math.min(d, days)).padStart(2, '0')}`;
      const inRange = (date: string) => date >= input.from && date <= lastDay;
      const broadcasts = Math.round(8 * profile.pace + (next() - 0.5) * 2);
      for (let i = 0; i < broadcasts; i++) {
        const date = day(1 + Math.floor(((i + next()) * days) / Math.max(broadcasts, 1)));
        if (!inRange(date)) continue;
        const relay = next() < 0.35;
        entry(
          station,
          date,
          'broadcast',
          task.station,
          BROADCAST_TITLES[Math.floor(next() * BROADCAST_TITLES.length)]!,
          {
            minutes: 10 + 5 * Math.floor(next() * 3),
            timeOfDay: next() < 0.6 ? 'sang' : 'chieu',
            source: relay ? 'relay' : 'own',
          },
        );
      }
      const articles = Math.round(2 * profile.pace + (next() - 0.5));
      for (let i = 0; i < articles; i++) {
        const date = day(5 + 12 * i + Math.floor(next() * 8));
        if (inRange(date))
          entry(commune, date, 'article', task.portal, ARTICLE_TITLES[Math.floor(next() * ARTICLE_TITLES.length)]!, {});
      }
      if (next() < profile.pace * 0.8) {
        const date = day(10 + Math.floor(next() * 15));
        const people = 20 + Math.floor(next() * 60);
        if (inRange(date))
          entry(
            commune,
            date,
            'desk_guidance',
            task.online,
            'Hướng dẫn người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa',
            {
              people,
              online: Math.floor(people * (0.4 + next() * 0.4)),
            },
          );
      }
      if (next() < profile.pace) {
        const received = day(2 + Math.floor(next() * 5));
        if (inRange(received))
          entry(postOffice, received, 'material', task.postOffice, 'Tờ gấp dịch vụ công trực tuyến', {
            direction: 'received',
            copies: 100,
          });
        const handed = day(12 + Math.floor(next() * 12));
        if (inRange(handed))
          entry(postOffice, handed, 'material', task.postOffice, 'Phát tờ gấp cho người dân đến giao dịch', {
            direction: 'distributed',
            copies: 30 + Math.floor(next() * 60),
          });
      }
      const [y, m] = month.split('-').map(Number) as [number, number];
      month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    }
    // The contest of the third quarter: the communes that keep up take part.
    const contest = `${input.from.slice(0, 4)}-08-${String(10 + Math.floor(next() * 15))}`;
    if (profile.pace >= 0.6 && contest >= input.from && contest <= lastDay)
      entry(commune, contest, 'contest', task.contest, 'Cán bộ, công chức xã dự thi tìm hiểu CCHC', {});
    // Banners once a quarter, when the commune keeps up.
    for (const quarterStart of ['01', '04', '07', '10']) {
      const date = `${input.from.slice(0, 4)}-${quarterStart}-20`;
      if (date >= input.from && date <= lastDay && next() < profile.pace)
        entry(commune, date, 'visual', task.visual, 'Treo băng rôn tuyên truyền CCHC tại trụ sở xã', {
          items: 2,
          spentVnd: 1_200_000 + 100_000 * Math.floor(next() * 6),
        });
    }
    total += await syncDevices(db, devices, input.now, { lastDay, late: index === 3 });
  }
  return total;
}

/**
 * The day an entry is synced: the end of its month, as a phone that goes online at the office,
 * and on the 14th in the months Decree 09's quarters close (so that no entry comes late but one).
 */
function syncDayOf(date: string): string {
  const closing = ['03', '06', '09', '12'].includes(date.slice(5, 7)) && Number(date.slice(8)) <= 14;
  return closing ? `${date.slice(0, 8)}14` : endOfMonth(date);
}

/**
 * Enrolls each device and syncs its entries through the real sync path (at 8 p.m.). With `late`, the commune's last
 * entry of the previous quarter comes in a month after it was logged.
 */
async function syncDevices(
  db: Kysely<Database>,
  devices: readonly { unit: DemoUnit; name: string; entries: Logged[] }[],
  now: Date,
  options: { lastDay: string; late: boolean },
): Promise<number> {
  let total = 0;
  for (const device of devices) {
    const deviceId = randomUUID();
    const createdAt = vietnamInstant(device.entries[0]?.date ?? vietnamDateOf(now), 7);
    await insertDevice(db, {
      id: deviceId,
      name: device.name,
      unit_id: device.unit.id,
      role: 'reporter',
      legacy_kinds: false,
      token_hash: hashSecret(newToken()),
      created_at: createdAt,
      last_sync_at: null,
      pending: 0,
      last_seq: 0,
      revoked_at: null,
    });
    const batches = new Map<string, Logged[]>();
    const sorted = [...device.entries].sort((a, b) => a.date.localeCompare(b.date));
    const lateOne = options.late && device.unit.id.endsWith(':station') ? lateEntryOf(sorted, options.lastDay) : null;
    for (const entry of sorted) {
      const syncDay = entry === lateOne ? addDays(entry.date, 30) : minDate(syncDayOf(entry.date), options.lastDay);
      batches.set(syncDay, [...(batches.get(syncDay) ?? []), entry]);
    }
    let seq = 0;
    let cursor: string | null = null;
    const caller = { deviceId, unitId: device.unit.id, role: 'reporter' as const, scopePath: device.unit.path };
    for (const [day, entries] of [...batches].sort(([a], [b]) => a.localeCompare(b))) {
      const at = new Date(vietnamInstant(day, 20, Math.floor(seq % 50)));
      const ctx = createContext(db, () => (at > now ? now : at));
      const mutations = entries.map((activity) => ({
        seq: ++seq,
        op: 'upsert' as const,
        baseVersion: 0,
        activity: { ...activity, deviceId },
      }));
      const response = await handleSync(ctx, caller, {
        deviceId,
        protocolVersion: PROTOCOL_VERSION,
        mutations,
        cursor,
        limit: 1,
        skipOwn: true,
        pending: 0,
      });
      cursor = response.cursor;
      const refused = response.results.filter((r) => r.status !== 'applied');
      if (refused.length > 0) throw new Error(`demo entries refused: ${JSON.stringify(refused.slice(0, 3))}`);
      total += entries.length;
    }
  }
  return total;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** The last entry logged before the most recent Decree 09 quarter closed (14/3, 14/6, 14/9, 14/12). */
function lateEntryOf(sorted: readonly Logged[], lastDay: string): Logged | null {
  const year = Number(lastDay.slice(0, 4));
  const cutoffs = [`${year - 1}-12-14`, `${year}-03-14`, `${year}-06-14`, `${year}-09-14`, `${year}-12-14`];
  const closed = cutoffs.filter((c) => addDays(c, 30) <= lastDay).pop();
  if (!closed) return null;
  return [...sorted].reverse().find((e) => e.date <= closed && e.date > addDays(closed, -10)) ?? null;
}
