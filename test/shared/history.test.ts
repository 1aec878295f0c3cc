import { describe, expect, it } from 'vitest';
import { describeChanges, describeHistory, type HistoryItem, type HistoryValues } from '../../src/shared/history';
import { formatLocation, geoUriOf, mapLinkOf } from '../../src/shared/location';

const v1: HistoryValues = {
  id: 'a',
  unitId: 'u',
  kind: 'broadcast',
  date: '2021-07-10',
  title: 'Phát thanh CCHC',
  figures: { sessions: 1, minutes: 10, source: 'own' },
  note: null,
  version: 1,
  voided: false,
};

const item = (version: number, action: HistoryItem['action'], values: HistoryValues): HistoryItem => ({
  version,
  action,
  values,
  deviceId: 'd',
  deviceName: 'Máy trạm',
  receivedAt: '2021-07-20T01:00:00.000Z',
});

describe('what changed, in words', () => {
  it('names each changed figure by its label, with its values before and after', () => {
    const v2 = { ...v1, figures: { sessions: 1, minutes: 15, source: 'relay' }, version: 2 };
    expect(describeChanges(v1, v2)).toEqual(['Số phút: 10 → 15', 'Nguồn: Tự sản xuất → Tiếp sóng']);
    expect(describeChanges(v1, v2, 'en')).toEqual(['Minutes: 10 → 15', 'Source: Own production → Relay']);
  });

  it('says title, date, note, topics and location changes, and nothing for what stayed', () => {
    const v2: HistoryValues = {
      ...v1,
      title: 'Phát thanh về Đề án 06',
      date: '2021-07-11',
      note: 'Phát lại buổi tối',
      topics: ['Đề án 06'],
      location: { lat: 18.2591, lon: 106.1213 },
    };
    expect(describeChanges(v1, v2)).toEqual([
      'Ngày: 10/07/2021 → 11/07/2021',
      'Tiêu đề: “Phát thanh CCHC” → “Phát thanh về Đề án 06”',
      'Ghi chú: (trống) → “Phát lại buổi tối”',
      'Chủ đề: (trống) → Đề án 06',
      'Vị trí: (trống) → 18,2591° B, 106,1213° Đ',
    ]);
    expect(describeChanges(v1, { ...v1, version: 2 })).toEqual([]);
    expect(describeChanges(null, v1)).toEqual([]);
  });

  it('says a void with its reason, and a figure without a label by its name', () => {
    expect(describeChanges(v1, { ...v1, voided: true, voidReason: 'Nhập trùng' })).toEqual(['Hủy, lý do: Nhập trùng']);
    const newer = { ...v1, kind: 'podcast' as never, figures: { episodes: 2 } };
    expect(describeChanges({ ...newer, figures: { episodes: 1 } }, newer)).toEqual(['episodes: 1 → 2']);
  });

  it('compares a refused conflict with the version it was made on, and the resolution with the winner', () => {
    const theirs = { ...v1, figures: { sessions: 1, minutes: 20, source: 'own' }, version: 2 };
    const refused = { ...v1, figures: { sessions: 1, minutes: 30, source: 'own' }, baseVersion: 1 };
    const resolved = { ...v1, figures: { sessions: 1, minutes: 25, source: 'own' }, version: 3 };
    const lines = describeHistory([
      item(1, 'create', v1),
      item(2, 'edit', theirs),
      item(2, 'conflict', refused),
      item(3, 'edit', resolved),
    ]);
    expect(lines.map((l) => [l.action, l.changes])).toEqual([
      ['Tạo mới', []],
      ['Sửa', ['Số phút: 10 → 20']],
      ['Xung đột (không được ghi)', ['sửa trên phiên bản 1', 'Số phút: 10 → 30']],
      ['Sửa', ['Số phút: 20 → 25']],
    ]);
    expect(lines.every((l) => l.action === l.action.normalize('NFC'))).toBe(true);
  });
});

describe('a tagged location', () => {
  it('reads in degrees with the hemisphere, and opens on a map', () => {
    const point = { lat: 18.25912, lon: 106.12131 };
    expect(formatLocation(point)).toBe('18,2591° B, 106,1213° Đ');
    expect(formatLocation({ lat: -33.8688, lon: -70.5 }, 'en')).toBe('33.8688° S, 70.5000° W');
    expect(mapLinkOf(point)).toBe(
      'https://www.openstreetmap.org/?mlat=18.25912&mlon=106.12131#map=16/18.25912/106.12131',
    );
    expect(geoUriOf(point)).toBe('geo:18.25912,106.12131');
  });
});
