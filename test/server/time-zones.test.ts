import mammoth from 'mammoth';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { importPlanText } from '../../src/shared/plan-import/import-plan';
import type { Report } from '../../src/shared/report';
import { enroll, newActivity, openTestServer, syncAs, upsert } from './helpers';

// Dates are Vietnam's whatever zone the server runs in: the day a report is made on, the date line
// of the .docx, whether an entry came late, and the year a plan without one is given. Node reads
// process.env.TZ again when it changes, so one process walks three zones; the machine's own zone
// must not matter either (CI runs at every hour). The instants are 23:30 and 00:30 in Vietnam
// around the end of a quarter (30/09) and of a year (31/12), where UTC and Los Angeles still see
// the earlier day.

const ZONES = [
  { tz: 'UTC', offsetMinutes: 0 },
  { tz: 'America/Los_Angeles', offsetMinutes: 420 }, // PDT on 30/09 (UTC-7)
  { tz: 'Asia/Ho_Chi_Minh', offsetMinutes: -420 },
];
const machineZone = process.env.TZ;
afterAll(() => {
  if (machineZone === undefined) delete process.env.TZ;
  else process.env.TZ = machineZone;
  vi.useRealTimers();
});

for (const zone of ZONES) {
  describe(`the server under TZ=${zone.tz}`, () => {
    it('dates reports, documents and late entries by the day in Vietnam', async () => {
      process.env.TZ = zone.tz;
      // The zone really changed for this process (else the test would prove nothing).
      expect(new Date('2026-09-30T16:30:00Z').getTimezoneOffset()).toBe(zone.offsetMinutes);
      const server = await openTestServer('pglite');
      try {
        const { app, clock, tree, db } = server;
        const phone = await enroll(app, db, tree.commune, 'reporter', clock.now());
        const officer = await enroll(app, db, tree.district, 'supervisor', clock.now());
        const report = async (period: string): Promise<Report> => {
          const res = await app.inject({
            method: 'GET',
            url: `/api/v1/report?unitId=${tree.district}&period=${period}&basis=calendar`,
            headers: officer.headers,
          });
          expect(res.statusCode, res.body).toBe(200);
          return res.json() as Report;
        };
        const docxText = async (period: string) => {
          const res = await app.inject({
            method: 'GET',
            url: `/api/v1/report/export?unitId=${tree.district}&period=${period}&basis=calendar&format=docx`,
            headers: officer.headers,
          });
          expect(res.statusCode).toBe(200);
          return {
            name: String(res.headers['content-disposition']),
            text: (await mammoth.extractRawText({ buffer: res.rawPayload })).value,
          };
        };

        // 23:30 on 30/09 in Vietnam: an entry of that day arrives on the day, not late.
        clock.set('2026-09-30T16:30:00Z');
        const onTime = newActivity(tree.commune, { date: '2026-09-30', createdAt: '2026-09-30T23:20:00+07:00' });
        expect((await syncAs(app, phone, [upsert(1, onTime)])).body.results[0]!.status).toBe('applied');
        let q3 = await report('2026-Q3');
        expect(q3.asOf).toBe('2026-09-30');
        expect(q3.totals.broadcast?.sessions).toBe(1);
        expect(q3.late).toBe(0);
        let docx = await docxText('2026-Q3');
        expect(docx.text).toContain('ngày 30 tháng 9 năm 2026');
        expect(docx.name).toContain('bao-cao-cchc-2026-Q3-calendar.docx');

        // 00:30 on 01/10 in Vietnam: the quarter has ended; an entry of 30/09 arriving now is late.
        clock.set('2026-09-30T17:30:00Z');
        const late = newActivity(tree.commune, { date: '2026-09-30', createdAt: '2026-09-30T23:50:00+07:00' });
        expect((await syncAs(app, phone, [upsert(2, late)])).body.results[0]!.status).toBe('applied');
        q3 = await report('2026-Q3');
        expect(q3.asOf).toBe('2026-10-01');
        expect(q3.totals.broadcast?.sessions).toBe(2);
        expect(q3.late).toBe(1);
        docx = await docxText('2026-Q3');
        expect(docx.text).toContain('ngày 01 tháng 10 năm 2026');

        // The year's end: 23:30 on 31/12 is still 2026, 00:30 is 2027.
        clock.set('2026-12-31T16:30:00Z');
        expect((await report('2026')).asOf).toBe('2026-12-31');
        expect((await docxText('2026')).text).toContain('ngày 31 tháng 12 năm 2026');
        clock.set('2026-12-31T17:30:00Z');
        expect((await report('2026')).asOf).toBe('2027-01-01');
        expect((await docxText('2026')).text).toContain('ngày 01 tháng 01 năm 2027');
      } finally {
        await server.close();
      }
    });

    it('gives a plan without a year the year in Vietnam', () => {
      process.env.TZ = zone.tz;
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        const text = 'KẾ HOẠCH\nTuyên truyền cải cách hành chính\n1. Phát thanh trên loa 04 lần/tháng';
        vi.setSystemTime(new Date('2026-12-31T16:30:00Z'));
        expect(importPlanText(text).year).toBe(2026);
        vi.setSystemTime(new Date('2026-12-31T17:30:00Z'));
        expect(importPlanText(text).year).toBe(2027);
      } finally {
        vi.useRealTimers();
      }
    });
  });
}
