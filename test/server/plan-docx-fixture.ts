// A Word plan built the way district offices write them: letterhead, number, date, title, then an
// appendix table like Cẩm Xuyên's (Vietnamese text, a task cell merged down two rows).
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';

const cell = (text: string | string[], options: { rowSpan?: number } = {}) =>
  new TableCell({
    ...options,
    children: (Array.isArray(text) ? text : [text]).map((line) => new Paragraph(line)),
  });

const HEADER = [
  'TT',
  'NHIỆM VỤ',
  'SẢN PHẨM',
  'CƠ QUAN CHỦ TRÌ',
  'CƠ QUAN PHỐI HỢP',
  'THỜI GIAN THỰC HIỆN',
  'DỰ KIẾN KINH PHÍ',
  'GHI CHÚ',
];

/** The bytes of a .docx plan with five tasks; the timing of task 4 is written decomposed (NFD). */
export async function buildPlanDocx(): Promise<Buffer> {
  const rows = [
    new TableRow({ children: HEADER.map((title) => cell(title)) }),
    new TableRow({
      children: [
        cell('1'),
        cell('Cập nhật, công khai bộ thủ tục hành chính trên Trang thông tin điện tử'),
        cell(['- Bộ TTHC được cập nhật đầy đủ, kịp thời.', '- Báo cáo kết quả triển khai thực hiện.']),
        cell('Phòng VH-TT'),
        cell('Văn phòng HĐND-UBND huyện; Phòng Tư pháp'),
        cell('Thường xuyên trong năm 2021'),
        cell('Theo dự trù riêng'),
        cell(''),
      ],
    }),
    new TableRow({
      children: [
        cell('2'),
        cell('Xây dựng chuyên mục CCHC trên Truyền thanh - Truyền hình huyện', { rowSpan: 2 }),
        cell('- Chuyên mục Cải cách hành chính trên Đài TT-TH huyện'),
        cell('Đài TT-TH huyện'),
        cell('Phòng Nội vụ, Tư pháp, VH-TT'),
        cell('Số lượng và tần suất phát sóng truyền thanh: 12CT; 01CT/tháng'),
        cell('50.000.000'),
        cell(''),
      ],
    }),
    new TableRow({
      children: [
        cell('3'),
        cell('- Chuyên đề “Cẩm Xuyên nâng cao chỉ số hài lòng” trên Đài TT-TH huyện'),
        cell('Đài TT-TH huyện'),
        cell('Phòng Nội vụ'),
        cell('04 số (01 số/3 tháng)'),
        cell('800.000 đồng'),
        cell(''),
      ],
    }),
    new TableRow({
      children: [
        cell('4'),
        cell('Tuyên truyền, vận động CBCCVC tham gia cuộc thi tìm hiểu cải cách hành chính'),
        cell('Cuộc thi tìm hiểu CCHC trên Cổng Thông tin điện tử tỉnh'),
        cell('Phòng VH TT'),
        cell('Các phòng, ban, ngành, đơn vị; UBND các xã, thị trấn'),
        cell('Qúy IV/2021'.normalize('NFD')),
        cell(''),
        cell(''),
      ],
    }),
    new TableRow({
      children: [
        cell('5'),
        cell('Tổ chức hội nghị đối thoại giữa lãnh đạo huyện với người dân về thủ tục hành chính'),
        cell('Hội nghị đối thoại'),
        cell('Văn phòng HĐND-UBND huyện'),
        cell('UBND các xã, thị trấn'),
        cell('Hoàn thành chậm nhất trước 15/12/2021'),
        cell('Các xã, thị trấn chủ động bố trí'),
        cell('Mời đại diện doanh nghiệp'),
      ],
    }),
  ];
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph('ỦY BAN NHÂN DÂN'),
          new Paragraph('HUYỆN CẨM XUYÊN'),
          new Paragraph('Số: 152/KH-UBND'),
          new Paragraph('Cẩm Xuyên, ngày 20 tháng 01 năm 2021'),
          new Paragraph('KẾ HOẠCH'),
          new Paragraph('Tuyên truyền cải cách hành chính huyện Cẩm Xuyên năm 2021'),
          new Paragraph(''),
          new Paragraph('PHỤ LỤC'),
          new Table({ rows }),
          new Paragraph('Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2021 của UBND huyện Cẩm Xuyên.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** The bytes of a .docx plan whose tasks are written as prose, with no table. */
export async function buildProsePlanDocx(): Promise<Buffer> {
  const lines = [
    'KẾ HOẠCH',
    'Tuyên truyền cải cách hành chính tỉnh Bình Định năm 2017',
    '(Ban hành kèm theo Quyết định số 814/QĐ-UBND ngày 13/3/2017 của Chủ tịch UBND tỉnh)',
    'III. NHIỆM VỤ TRỌNG TÂM',
    '1. Tổ chức Hội thi tuyên truyền, cổ động về cải cách hành chính',
    'a. Thời gian thực hiện: Quý III năm 2017.',
    'b. Cơ quan chủ trì: Sở Nội vụ phối hợp với Liên đoàn Lao động tỉnh.',
    '2. Tổ chức đối thoại với tổ chức, cá nhân và doanh nghiệp',
    'a. Thời gian thực hiện: Thường xuyên trong năm 2017.',
    'b. Cơ quan chủ trì: Sở Kế hoạch và Đầu tư.',
    'IV. TỔ CHỨC THỰC HIỆN',
    '1. Sở Nội vụ',
  ];
  const document = new Document({ sections: [{ children: lines.map((line) => new Paragraph(line)) }] });
  return Packer.toBuffer(document);
}
