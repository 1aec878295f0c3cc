import { describe, expect, it } from 'vitest';
import { ACTIVITY_KINDS } from '../../../src/shared/activity';
import { proposeKinds } from '../../../src/shared/plan-import/kinds';

describe('proposeKinds', () => {
  it.each([
    // Programmes on district and province radio-TV are their own channel; `broadcast` is the
    // commune loudspeaker station's.
    ['Xây dựng chuyên mục CCHC trên Truyền thanh - Truyền hình huyện', [], ['radio_tv']],
    ['Tuyên truyền trên sóng truyền thanh các huyện, thành phố, thị xã', [], ['radio_tv']],
    ['Tuyên truyền trên hệ thống Trạm truyền thanh cơ sở', [], ['broadcast']],
    ['Tiếp phát sóng các chương trình tuyên truyền CCHC của Đài cấp trên', [], ['broadcast']],
    ['Chương trình “Gặp gỡ và đối thoại” trên Đài Phát thanh - Truyền hình Hà Tĩnh', [], ['radio_tv']],
    ['Chuyên mục “Cải cách hành chính” trên Báo Hà Tĩnh điện tử', [], ['press']],
    ['Đăng tải thông tin trên Fanpage, nhóm Zalo của xã và kênh YouTube', [], ['article', 'social']],
    ['Tổ chức Ngày Pháp luật hằng tháng', [], ['law_day']],
    ['Hướng dẫn, hỗ trợ người dân nộp hồ sơ trực tuyến tại Bộ phận một cửa', [], ['desk_guidance']],
    ['Khảo sát mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính', [], ['survey']],
    ['Tuyên truyền trên Cổng TTĐT của huyện, Trang TTĐT cấp xã', [], ['article']],
    ['Tuyên truyền qua pa nô, áp phích, băng rôn, khẩu hiệu', [], ['visual']],
    ['Tuyên truyền', ['Phát hành tờ rơi, ấn phẩm tuyên truyền'], ['material']],
    ['Tổ chức Hội nghị, hội thảo, tập huấn, bồi dưỡng về CCHC', [], ['training', 'meeting']],
    ['Tổ chức đối thoại với tổ chức, cá nhân và doanh nghiệp', [], ['meeting']],
    ['Tổ chức Hội thi tuyên truyền, cổ động về cải cách hành chính', [], ['contest']],
    ['Tham gia cuộc thi viết sáng kiến về cải cách hành chính', [], ['contest']],
    [
      'Tuyên truyền, phổ biến, giáo dục pháp luật trên các lĩnh vực',
      ['Văn bản chỉ đạo, hướng dẫn', 'Báo cáo kết quả thực hiện'],
      ['other'],
    ],
  ] as const)('%s → %j', (title, products, kinds) => {
    expect(proposeKinds(title, products)).toEqual(kinds);
    expect(
      proposeKinds(
        title.normalize('NFD'),
        products.map((p) => p.normalize('NFD')),
      ),
    ).toEqual(kinds);
  });

  it('does not read a report (báo cáo) as a newspaper, nor an emulation movement (thi đua) as a contest', () => {
    expect(proposeKinds('Báo cáo kết quả thực hiện; thông báo')).toEqual(['other']);
    expect(proposeKinds('Tuyên truyền kết quả phong trào thi đua văn hoá công sở')).toEqual(['other']);
    expect(proposeKinds('gặp gỡ các tầng lớp nhân dân')).toEqual(['meeting']);
    expect(proposeKinds('Tuyên truyền trên Báo Hà Tĩnh')).toEqual(['press']);
  });

  it('only proposes kinds of the sync contract, in its order', () => {
    const kinds = proposeKinds(
      'Phát thanh, truyền hình, tin bài, báo in, Zalo, tờ rơi, pano, tập huấn, hội nghị, Ngày Pháp luật, ' +
        'Bộ phận một cửa, khảo sát mức độ hài lòng, cuộc thi',
    );
    expect(kinds).toEqual(ACTIVITY_KINDS.filter((kind) => kind !== 'other'));
  });
});
