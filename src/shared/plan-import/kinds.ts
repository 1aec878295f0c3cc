/** Which kinds of activity count toward a task, proposed from the words of its title and products. */
import { ACTIVITY_KINDS, type ActivityKind } from '../activity';
import { squash } from './normalize';

// Matched on lower-case NFC text: folding would make "bãi bỏ" read as "bài" and "báo cáo" as a
// newspaper. A bare "thi" is not matched: "thi đua" is an emulation movement, "thực thi" is doing.
const KIND_WORDS: Record<Exclude<ActivityKind, 'other'>, RegExp> = {
  broadcast:
    /phát thanh|truyền thanh|truyền hình|phát sóng|tiếp phát|đài tt|đài pt|đài tt-th|đài pt-th|(?<!\p{L})(?:đài|loa)(?!\p{L})|tt-th|pt-th|ptth|ttth/u,
  article:
    /tin,\s*bài|tin bài|bài viết|bài tuyên truyền|bản tin|tin tức|đưa tin|đăng tải|thông tin điện tử|ttđt|cổng thông tin|trang thông tin|website|mạng xã hội|zalo|fanpage|facebook|youtube|tạp chí|chuyên trang|(?<!thông\s|cảnh\s)(?<![\p{L}])báo(?!\s*cáo)(?![\p{L}])/u,
  material: /tài liệu|tờ rơi|tờ gấp|ấn phẩm|sổ tay|cẩm nang|đĩa cd|\bcd\b|tờ tin/u,
  visual:
    /pa nô|pa-nô|panô|pano|áp phích|băng rôn|băng-rôn|khẩu hiệu|cổ động trực quan|trực quan|bảng tin|màn hình led/u,
  training: /tập huấn|bồi dưỡng|đào tạo|(?<!tầng\s)(?<!\p{L})lớp(?!\p{L})/u,
  meeting: /hội nghị|hội thảo|tọa đàm|toạ đàm|đối thoại|gặp mặt|gặp gỡ|quán triệt|giao ban|sinh hoạt|diễn đàn/u,
  contest: /cuộc thi|hội thi|thi tìm hiểu|thi viết|thi sáng kiến|thi trắc nghiệm|dự thi/u,
};

/** Kinds proposed for a task, in the order forms list them; "other" when no word gives a kind. */
export function proposeKinds(title: string, products: readonly string[] = []): ActivityKind[] {
  const text = squash([title, ...products].join(' \n ')).toLowerCase();
  const kinds = ACTIVITY_KINDS.filter((kind) => kind !== 'other' && KIND_WORDS[kind].test(text));
  return kinds.length > 0 ? kinds : ['other'];
}
