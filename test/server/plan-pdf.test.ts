// A plan as a PDF: the text layer is read with PDF.js and handed to the importer; a scan, a locked
// or a broken file is refused in words. The PDFs are written by the tests (test/support/pdf-writer).
import { describe, expect, it } from 'vitest';
import { PLAN_FILE_MESSAGES } from '../../src/shared/plan-import/messages';
import { importPlanPdf, PlanFileError, pdfText } from '../../src/server/plans/plan-pdf';
import { writePdf } from '../support/pdf-writer';
import { PDF_PLAN_LINES } from './plan-pdf-fixture';

describe('importPlanPdf', () => {
  it('reads the header and the task table of a PDF with a text layer', async () => {
    const plan = await importPlanPdf(writePdf([[...PDF_PLAN_LINES]]));
    expect(plan).toMatchObject({
      number: '45/KH-UBND',
      title: 'Tuyên truyền cải cách hành chính huyện Thạch Hà năm 2022',
      issuer: 'ỦY BAN NHÂN DÂN HUYỆN THẠCH HÀ',
      year: 2022,
      issuedOn: '2022-01-10',
    });
    expect(plan.tasks).toMatchObject([
      {
        ordinal: '1',
        title: 'Phát thanh chuyên mục CCHC trên loa truyền thanh',
        lead: ['UBND cấp xã'],
        target: { count: 1, per: 'week', atLeast: false },
        kinds: ['broadcast'],
      },
      {
        ordinal: '2',
        lead: ['Phòng Nội vụ'],
        window: { from: '2022-04-01', to: '2022-06-30' },
        budgetVnd: 15_000_000,
        kinds: ['training'],
      },
    ]);
  });

  it('keeps Vietnamese text whole and in order, page after page, cells apart by tabs', async () => {
    const text = await pdfText(writePdf([['Trang một: Tuyên truyền'], ['TT\tNhiệm vụ\tThời gian']]));
    expect(text.split('\n')).toEqual(['Trang một: Tuyên truyền', 'TT\tNhiệm vụ\tThời gian']);
  });

  it('a plan with no table in a PDF still gives its tasks', async () => {
    const plan = await importPlanPdf(
      writePdf([
        [
          'KẾ HOẠCH',
          'Tuyên truyền cải cách hành chính năm 2021',
          '2. Các hình thức tuyên truyền',
          '- Tổ chức Cuộc thi tìm hiểu chính sách, pháp luật về CCHC;',
          '- Khảo sát mức độ hài lòng của tổ chức, cá nhân trong việc thực hiện TTHC.',
          'III. TỔ CHỨC THỰC HIỆN',
        ],
      ]),
    );
    expect(plan.tasks.map((task) => task.kinds)).toEqual([['contest'], ['survey']]);
  });

  it('refuses a scan (no text layer) in words', async () => {
    const scan = writePdf([null, null]);
    await expect(importPlanPdf(scan)).rejects.toThrow(PlanFileError);
    await expect(importPlanPdf(scan)).rejects.toThrow(PLAN_FILE_MESSAGES.scannedPdf);
  });

  it('refuses a file that is not a PDF in words', async () => {
    await expect(importPlanPdf(Buffer.from('không phải PDF'))).rejects.toThrow(PLAN_FILE_MESSAGES.brokenPdf);
  });
});
