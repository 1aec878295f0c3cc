/** A small plan as the lines of a PDF page (tabs lay out the cells of its task table). */
export const PDF_PLAN_LINES = [
  'ỦY BAN NHÂN DÂN',
  'HUYỆN THẠCH HÀ',
  'Số: 45/KH-UBND',
  'Thạch Hà, ngày 10 tháng 01 năm 2022',
  'KẾ HOẠCH',
  'Tuyên truyền cải cách hành chính huyện Thạch Hà năm 2022',
  'PHỤ LỤC',
  'TT\tNhiệm vụ\tCơ quan chủ trì\tThời gian thực hiện\tDự kiến kinh phí',
  '1\tPhát thanh chuyên mục CCHC trên loa truyền thanh\tUBND cấp xã\t01 lần/tuần\t',
  '2\tTập huấn nghiệp vụ một cửa\tPhòng Nội vụ\tQuý II/2022\t15.000.000',
] as const;
