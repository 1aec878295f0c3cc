import type { Text } from './text';
import type { UnitKind } from './unit';

/**
 * The one definition of the kinds of activity a plan names and a unit logs: the wire id, the
 * names, the figures an entry counts, the report lines they feed, and the words the plan importer
 * recognises. Forms, the log, the roll-ups of both sides, the report lines, the exports, the
 * console and the importer all derive from it: adding a kind or a figure is an edit here.
 */

export type { Text };

/** A number an entry counts ("minutes", "participants"). */
export interface NumberField {
  readonly type: 'number';
  /** Its key in the entry's `figures`. */
  readonly name: string;
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  /** What a missing value counts as; without one, a missing value counts nothing. */
  readonly default?: number;
  readonly required?: boolean;
  /** The form asks it; a count every entry makes once (one broadcast is one session) is not asked. */
  readonly asked: boolean;
  /** A figure this one may not exceed ("helped to file online" of "people helped"). */
  readonly atMost?: string;
  /** The box on the form. */
  readonly label: Text;
  /** What it is called in a sentence, e.g. an error: "Số phút phát thanh". */
  readonly noun: Text;
  /** The word after a number of it in the log: "10 phút". */
  readonly unit: Text;
}

/** A choice that qualifies an entry ("source": own or relay). */
export interface ChoiceField {
  readonly type: 'choice';
  readonly name: string;
  readonly options: readonly { readonly id: string; readonly label: Text }[];
  /** What a missing choice counts as. */
  readonly default?: string;
  /** What the form chooses before the person does, when not the default. */
  readonly initial?: string;
  readonly required?: boolean;
  readonly asked: boolean;
  readonly label: Text;
  /** What a person is told when the value is not one of the options. */
  readonly invalid: Text;
}

/** A reference an entry may carry to something else the product knows (a content item sent). */
export interface ReferenceField {
  readonly type: 'reference';
  readonly name: string;
  readonly maxLength: number;
  readonly asked: false;
  readonly label: Text;
  readonly invalid: Text;
}

/** One field of a kind's figures. */
export type Field = NumberField | ChoiceField | ReferenceField;

/** A line of the period report: one sum over the entries of a kind. */
export interface Sum {
  /** Its key in report totals (`{ [kind]: { [sum]: number } }`). */
  readonly name: string;
  /** The number field summed. */
  readonly of: string;
  /** Only entries whose choice has this value (its default when missing). */
  readonly when?: { readonly field: string; readonly is: string };
  /** A "— trong đó" line: a part of the line above it, not a figure of its own. */
  readonly part?: boolean;
  /** The line's label as the report prints it. */
  readonly label: Text;
  /** Its unit as the report prints it: "lớp", "lượt người", "buổi", "phút". */
  readonly unit: Text;
  /** The column heading of the by-unit tables. */
  readonly short: Text;
  /**
   * Money in đồng, reported against the plan's budget per task rather than as a line of the
   * totals table.
   */
  readonly money?: boolean;
}

/** One kind of activity. */
export interface KindDefinition {
  readonly id: string;
  /** Short, for a button: "Phát thanh". */
  readonly label: Text;
  /** Full, for reports and the console: "Phát thanh trên loa truyền thanh cơ sở". */
  readonly name: Text;
  /** In the order the form asks them and the log describes them. */
  readonly fields: readonly Field[];
  /** The figure that says "how many" toward a task's target; none: each entry counts one. */
  readonly countBy: string | null;
  readonly sums: readonly Sum[];
  /** The title box when it is not "Nội dung, tiêu đề", and its example. */
  readonly title?: { readonly label?: Text; readonly hint?: Text };
  /** Units of these kinds log it most: it comes first on their home. */
  readonly usualFor: readonly UnitKind[];
  /** Words of a plan's task that propose this kind (lower-case NFC); none for the catch-all. */
  readonly words: RegExp | null;
  /** What a unit keeps of it, when it keeps anything: material received and not yet handed out. */
  readonly stock?: Stock;
}

/**
 * A kind a unit holds, not only logs: its stock is the sum `in` minus the sum `out` over its
 * entries up to a day (copies received minus copies handed out), counted in the number field `of`.
 */
export interface Stock {
  /** The number field stocked ("copies"): what an indicator's minimum of it names. */
  readonly of: string;
  /** The sum that adds to the stock ("copiesReceived"). */
  readonly in: string;
  /** The sum that takes from it ("copiesDistributed"). */
  readonly out: string;
}

const MAX = 1_000_000;
const t = (vi: string, en: string): Text => ({ vi, en });

const sessionsOnce = (noun: Text): NumberField => ({
  type: 'number',
  name: 'sessions',
  integer: true,
  min: 1,
  max: MAX,
  default: 1,
  asked: false,
  label: t('Số buổi', 'Sessions'),
  noun,
  unit: t('buổi', 'sessions'),
});
const itemsOnce = (noun: Text, asked = false): NumberField => ({
  type: 'number',
  name: 'items',
  integer: true,
  min: 1,
  max: MAX,
  default: 1,
  asked,
  label: t('Số lượng', 'How many'),
  noun,
  unit: t('mục', 'items'),
});
const participants: NumberField = {
  type: 'number',
  name: 'participants',
  integer: true,
  min: 0,
  max: MAX,
  default: 0,
  asked: true,
  label: t('Số người tham dự', 'Participants'),
  noun: t('Số người tham dự', 'The number of participants'),
  unit: t('người', 'participants'),
};
const minutes = (noun: Text): NumberField => ({
  type: 'number',
  name: 'minutes',
  integer: false,
  min: 0,
  max: 24 * 60,
  default: 0,
  asked: true,
  label: t('Số phút', 'Minutes'),
  noun,
  unit: t('phút', 'minutes'),
});
const sum = (name: string, of: string, label: Text, unit: Text, short: Text, extra: Partial<Sum> = {}): Sum => ({
  name,
  of,
  label,
  unit,
  short,
  ...extra,
});
const LOT = t('lượt người', 'people');

/**
 * What an entry cost, in đồng, when it cost anything: every kind may carry it, so that a report
 * states the money spent on each task against the plan's budget ("kinh phí đã sử dụng").
 */
const SPENT_VND: NumberField = {
  type: 'number',
  name: 'spentVnd',
  integer: true,
  min: 0,
  max: 100_000_000_000,
  asked: true,
  label: t('Kinh phí đã chi (đồng, nếu có)', 'Money spent (đồng, if any)'),
  noun: t('Kinh phí đã chi', 'The money spent'),
  unit: t('đ', 'đ'),
};
const SPENT_SUM: Sum = sum(
  'spentVnd',
  'spentVnd',
  t('Kinh phí đã sử dụng', 'Money spent'),
  t('đ', 'đ'),
  t('Kinh phí', 'Spent'),
  { money: true },
);

/**
 * The content item an entry relays or received (issue 15): the id of an item upstream sent
 * (`GET /api/v1/content`). Written by the content screen, never asked by the form.
 */
const CONTENT_ID: ReferenceField = {
  type: 'reference',
  name: 'contentId',
  maxLength: 64,
  asked: false,
  label: t('Nội dung được gửi', 'Content sent'),
  invalid: t('Mã nội dung được gửi phải có từ 1 đến 64 ký tự.', 'The content id must have 1 to 64 characters.'),
};

/** Every kind as written below, before the figures every kind shares are added. */
const DEFINED = [
  {
    id: 'broadcast',
    label: t('Phát thanh', 'Broadcast'),
    name: t('Phát thanh trên loa truyền thanh cơ sở', 'Broadcast on the commune loudspeakers'),
    fields: [
      sessionsOnce(t('Số lần phát thanh', 'The number of broadcasts')),
      {
        type: 'choice',
        name: 'timeOfDay',
        options: [
          { id: 'sang', label: t('Sáng', 'Morning') },
          { id: 'trua', label: t('Trưa', 'Noon') },
          { id: 'chieu', label: t('Chiều', 'Afternoon') },
          { id: 'toi', label: t('Tối', 'Evening') },
        ],
        initial: 'sang',
        asked: true,
        label: t('Buổi phát', 'Time of day'),
        invalid: t(
          'Buổi phát phải là sáng, trưa, chiều hoặc tối.',
          'Time of day must be morning, noon, afternoon or evening.',
        ),
      },
      minutes(t('Số phút phát thanh', 'Minutes on air')),
      {
        type: 'choice',
        name: 'source',
        options: [
          { id: 'own', label: t('Tự sản xuất', 'Own production') },
          { id: 'relay', label: t('Tiếp sóng', 'Relay') },
        ],
        default: 'own',
        asked: true,
        label: t('Nguồn', 'Source'),
        invalid: t(
          'Nguồn phát thanh phải là tự sản xuất (own) hoặc tiếp sóng (relay).',
          'The source must be own production (own) or relay (relay).',
        ),
      },
      CONTENT_ID,
    ],
    countBy: 'sessions',
    sums: [
      sum(
        'sessions',
        'sessions',
        t('Buổi phát thanh CCHC trên loa truyền thanh cơ sở', 'Broadcasts on the commune loudspeakers'),
        t('buổi', 'sessions'),
        t('Buổi PT', 'Broadcasts'),
      ),
      sum(
        'ownSessions',
        'sessions',
        t('— trong đó tự sản xuất', '— of which own production'),
        t('buổi', 'sessions'),
        t('Tự SX', 'Own'),
        { part: true, when: { field: 'source', is: 'own' } },
      ),
      sum(
        'relaySessions',
        'sessions',
        t('— trong đó tiếp sóng', '— of which relayed'),
        t('buổi', 'sessions'),
        t('Tiếp sóng', 'Relayed'),
        { part: true, when: { field: 'source', is: 'relay' } },
      ),
      sum(
        'minutes',
        'minutes',
        t('Thời lượng phát thanh', 'Minutes on the loudspeakers'),
        t('phút', 'minutes'),
        t('Phút PT', 'Minutes'),
      ),
    ],
    title: { hint: t('Ví dụ: Chuyên mục CCHC', 'e.g. Reform segment') },
    usualFor: ['station', 'commune'],
    words:
      /truyền thanh cơ sở|trạm truyền thanh|hệ thống (?:đài )?truyền thanh|(?:đài|hệ thống) truyền thanh (?:xã|cơ sở|cấp xã)|(?<!\p{L})(?:loa|cụm loa)(?!\p{L})|tiếp phát|tiếp sóng|(?<!đài\s)phát thanh(?!\s*-?\s*(?:và\s)?truyền hình)/u,
  },
  {
    id: 'radio_tv',
    label: t('Đài PT-TH', 'Radio, TV'),
    name: t(
      'Chương trình, chuyên mục trên đài phát thanh - truyền hình huyện, tỉnh',
      'Programmes on district or province radio and TV',
    ),
    fields: [
      {
        type: 'number',
        name: 'programmes',
        integer: true,
        min: 1,
        max: MAX,
        default: 1,
        asked: false,
        label: t('Số chương trình', 'Programmes'),
        noun: t('Số chương trình', 'The number of programmes'),
        unit: t('chương trình', 'programmes'),
      },
      {
        type: 'choice',
        name: 'medium',
        options: [
          { id: 'radio', label: t('Phát thanh', 'Radio') },
          { id: 'tv', label: t('Truyền hình', 'TV') },
        ],
        default: 'radio',
        asked: true,
        label: t('Kênh', 'Medium'),
        invalid: t(
          'Kênh phải là phát thanh (radio) hoặc truyền hình (tv).',
          'The medium must be radio (radio) or TV (tv).',
        ),
      },
      minutes(t('Số phút chương trình', 'Minutes of the programme')),
    ],
    countBy: 'programmes',
    sums: [
      sum(
        'programmes',
        'programmes',
        t('Chương trình, chuyên mục trên đài PT-TH huyện, tỉnh', 'Programmes on radio and TV'),
        t('chương trình', 'programmes'),
        t('CT PT-TH', 'Radio/TV'),
      ),
      sum(
        'radioProgrammes',
        'programmes',
        t('— trong đó phát thanh', '— of which radio'),
        t('chương trình', 'programmes'),
        t('Phát thanh', 'Radio'),
        { part: true, when: { field: 'medium', is: 'radio' } },
      ),
      sum(
        'tvProgrammes',
        'programmes',
        t('— trong đó truyền hình', '— of which TV'),
        t('chương trình', 'programmes'),
        t('Truyền hình', 'TV'),
        { part: true, when: { field: 'medium', is: 'tv' } },
      ),
      sum(
        'minutes',
        'minutes',
        t('Thời lượng trên đài PT-TH', 'Minutes on radio and TV'),
        t('phút', 'minutes'),
        t('Phút PT-TH', 'Minutes'),
      ),
    ],
    title: { hint: t('Ví dụ: Chuyên mục "Cải cách hành chính"', 'e.g. the "Administrative reform" column') },
    usualFor: ['district', 'province', 'agency'],
    words:
      /truyền hình|đài phát thanh|đài pt|đài tt-?th|đài tt - th|(?<!\p{L})(?:ptth|pt-th|tt-th|ttth)(?!\p{L})|sóng truyền thanh (?:các |của )?(?:huyện|tỉnh)|đài truyền thanh (?:huyện|tỉnh|thị xã|thành phố)|(?<!\p{L})đài(?!\p{L})(?!\s*(?:truyền thanh|cấp trên))/u,
  },
  {
    id: 'article',
    label: t('Tin, bài', 'Article'),
    name: t('Tin, bài trên trang, cổng thông tin điện tử, bản tin', 'News items on web portals and newsletters'),
    fields: [itemsOnce(t('Số tin, bài', 'The number of items'))],
    countBy: 'items',
    sums: [
      sum(
        'items',
        'items',
        t('Tin, bài trên trang, cổng thông tin điện tử', 'News items on web portals'),
        t('tin, bài', 'items'),
        t('Tin, bài', 'Items'),
      ),
    ],
    usualFor: [],
    words:
      /tin,\s*bài|tin bài|bài viết|bài tuyên truyền|bản tin|tin tức|đưa tin|đăng tải|thông tin điện tử|ttđt|cổng thông tin|trang thông tin|website|chuyên trang/u,
  },
  {
    id: 'press',
    label: t('Báo chí', 'Press'),
    name: t('Tin, bài trên báo in, báo điện tử', 'Items in printed and online newspapers'),
    fields: [itemsOnce(t('Số tin, bài trên báo', 'The number of newspaper items'), true)],
    countBy: 'items',
    sums: [
      sum(
        'items',
        'items',
        t('Tin, bài trên báo in, báo điện tử', 'Items in newspapers'),
        t('tin, bài', 'items'),
        t('Báo', 'Press'),
      ),
    ],
    usualFor: ['agency'],
    words: /tạp chí|báo in|báo điện tử|(?<!thông\s|cảnh\s|thời\s)(?<![\p{L}])báo(?!\s*cáo)(?![\p{L}])/u,
  },
  {
    id: 'social',
    label: t('Mạng xã hội', 'Social media'),
    name: t(
      'Bài đăng trên mạng xã hội (Zalo, Fanpage, YouTube…)',
      'Posts on social networks (Zalo, Fanpage, YouTube…)',
    ),
    fields: [
      {
        type: 'number',
        name: 'posts',
        integer: true,
        min: 1,
        max: MAX,
        default: 1,
        asked: true,
        label: t('Số bài đăng', 'Posts'),
        noun: t('Số bài đăng', 'The number of posts'),
        unit: t('bài', 'posts'),
      },
      {
        type: 'number',
        name: 'reach',
        integer: true,
        min: 0,
        max: 100_000_000,
        asked: true,
        label: t('Lượt xem, thành viên tiếp cận (nếu biết)', 'Views or members reached (if known)'),
        noun: t('Số lượt tiếp cận', 'The reach'),
        unit: t('lượt tiếp cận', 'reached'),
      },
    ],
    countBy: 'posts',
    sums: [
      sum(
        'posts',
        'posts',
        t('Bài đăng trên mạng xã hội', 'Posts on social networks'),
        t('tin, bài', 'posts'),
        t('MXH', 'Social'),
      ),
      sum(
        'reach',
        'reach',
        t('Lượt tiếp cận trên mạng xã hội', 'Reach on social networks'),
        t('lượt', 'views'),
        t('Lượt tiếp cận', 'Reach'),
      ),
    ],
    title: {
      hint: t('Ví dụ: Nhóm Zalo xã — hướng dẫn nộp hồ sơ trực tuyến', 'e.g. Commune Zalo group — filing online'),
    },
    usualFor: ['commune'],
    words: /mạng xã hội|zalo|fanpage|facebook|youtube|tiktok|trang cá nhân/u,
  },
  {
    id: 'material',
    label: t('Tài liệu', 'Material'),
    name: t('Tài liệu, tờ rơi, tờ gấp, sổ tay, đĩa CD', 'Material, leaflets, handbooks, CDs'),
    fields: [
      {
        type: 'choice',
        name: 'direction',
        options: [
          { id: 'received', label: t('Nhận về', 'Received') },
          { id: 'distributed', label: t('Phát ra', 'Handed out') },
        ],
        initial: 'distributed',
        required: true,
        asked: true,
        label: t('Loại', 'Kind'),
        invalid: t(
          'Tài liệu phải ghi rõ là nhận về (received) hay phát ra (distributed).',
          'Material must say whether it was received (received) or handed out (distributed).',
        ),
      },
      {
        type: 'number',
        name: 'copies',
        integer: true,
        min: 1,
        max: MAX,
        required: true,
        asked: true,
        label: t('Số bản', 'Copies'),
        noun: t('Số bản tài liệu', 'The number of copies'),
        unit: t('bản', 'copies'),
      },
      CONTENT_ID,
    ],
    countBy: null,
    sums: [
      sum(
        'copiesReceived',
        'copies',
        t('Tài liệu, tờ rơi nhận về', 'Material received'),
        t('bản', 'copies'),
        t('TL nhận', 'Received'),
        { when: { field: 'direction', is: 'received' } },
      ),
      sum(
        'copiesDistributed',
        'copies',
        t('Tài liệu, tờ rơi cấp phát', 'Material handed out'),
        t('bản', 'copies'),
        t('TL phát', 'Handed out'),
        { when: { field: 'direction', is: 'distributed' } },
      ),
    ],
    title: { label: t('Tài liệu gì (tờ gấp, sổ tay…)', 'What material (leaflet, handbook…)') },
    usualFor: ['post_office', 'commune'],
    stock: { of: 'copies', in: 'copiesReceived', out: 'copiesDistributed' },
    words: /tài liệu|tờ rơi|tờ gấp|ấn phẩm|sổ tay|cẩm nang|đĩa cd|\bcd\b|tờ tin/u,
  },
  {
    id: 'visual',
    label: t('Pa nô, băng rôn', 'Banner, poster'),
    name: t('Pa nô, áp phích, băng rôn, khẩu hiệu', 'Billboards, posters, banners, slogans'),
    fields: [itemsOnce(t('Số pa nô, áp phích, băng rôn', 'The number of banners'))],
    countBy: 'items',
    sums: [
      sum(
        'items',
        'items',
        t('Pa nô, áp phích, băng rôn, khẩu hiệu', 'Billboards, posters, banners'),
        t('cái', 'pieces'),
        t('Pa nô, áp phích', 'Banners'),
      ),
    ],
    usualFor: [],
    words:
      /pa nô|pa-nô|panô|pano|áp phích|băng rôn|băng-rôn|khẩu hiệu|cổ động trực quan|trực quan|bảng tin|màn hình led/u,
  },
  {
    id: 'training',
    label: t('Tập huấn', 'Training'),
    name: t('Lớp tập huấn, bồi dưỡng', 'Training classes'),
    fields: [sessionsOnce(t('Số lớp tập huấn', 'The number of classes')), participants],
    countBy: 'sessions',
    sums: [
      sum(
        'sessions',
        'sessions',
        t('Lớp tập huấn, bồi dưỡng', 'Training classes'),
        t('lớp', 'classes'),
        t('Lớp TH', 'Classes'),
      ),
      sum(
        'participants',
        'participants',
        t('Người tham dự tập huấn', 'Training participants'),
        LOT,
        t('Người dự TH', 'Trainees'),
      ),
    ],
    usualFor: ['commune'],
    words: /tập huấn|bồi dưỡng|đào tạo|(?<!tầng\s)(?<!\p{L})lớp(?!\p{L})/u,
  },
  {
    id: 'meeting',
    label: t('Hội nghị', 'Meeting'),
    name: t('Hội nghị, đối thoại, tọa đàm, họp lồng ghép', 'Meetings, dialogues, forums'),
    fields: [sessionsOnce(t('Số hội nghị, buổi đối thoại', 'The number of meetings')), participants],
    countBy: 'sessions',
    sums: [
      sum(
        'sessions',
        'sessions',
        t('Hội nghị, đối thoại, tọa đàm', 'Meetings, dialogues, forums'),
        t('cuộc', 'meetings'),
        t('Hội nghị', 'Meetings'),
      ),
      sum(
        'participants',
        'participants',
        t('Người tham dự hội nghị', 'Meeting participants'),
        LOT,
        t('Người dự HN', 'Attendees'),
      ),
    ],
    usualFor: ['commune'],
    words: /hội nghị|hội thảo|tọa đàm|toạ đàm|đối thoại|gặp mặt|gặp gỡ|quán triệt|giao ban|sinh hoạt|diễn đàn/u,
  },
  {
    id: 'law_day',
    label: t('Ngày Pháp luật', 'Law Day'),
    name: t('Ngày Pháp luật, sinh hoạt chuyên đề pháp luật', 'Law Day and legal-topic sessions'),
    fields: [sessionsOnce(t('Số buổi Ngày Pháp luật', 'The number of Law Day sessions')), participants],
    countBy: 'sessions',
    sums: [
      sum(
        'sessions',
        'sessions',
        t('Ngày Pháp luật, sinh hoạt chuyên đề pháp luật', 'Law Day sessions'),
        t('buổi', 'sessions'),
        t('Ngày PL', 'Law Day'),
      ),
      sum(
        'participants',
        'participants',
        t('Người tham dự Ngày Pháp luật', 'Law Day participants'),
        LOT,
        t('Người dự NPL', 'Attendees'),
      ),
    ],
    usualFor: ['commune'],
    words: /ngày pháp luật|chuyên đề pháp luật|câu lạc bộ pháp luật/u,
  },
  {
    id: 'desk_guidance',
    label: t('Hướng dẫn tại một cửa', 'One-stop desk'),
    name: t(
      'Hướng dẫn tại Bộ phận một cửa, Trung tâm PVHCC; hỗ trợ nộp hồ sơ trực tuyến',
      'Guidance at one-stop desks and public-service centres; help to file online',
    ),
    fields: [
      {
        type: 'number',
        name: 'people',
        integer: true,
        min: 1,
        max: MAX,
        required: true,
        asked: true,
        label: t('Số người được hướng dẫn', 'People helped'),
        noun: t('Số người được hướng dẫn', 'The number of people helped'),
        unit: t('người', 'people'),
      },
      {
        type: 'number',
        name: 'online',
        integer: true,
        min: 0,
        max: MAX,
        asked: true,
        atMost: 'people',
        label: t('Trong đó được hỗ trợ nộp trực tuyến', 'Of whom helped to file online'),
        noun: t('Số người được hỗ trợ nộp trực tuyến', 'The number helped to file online'),
        unit: t('nộp trực tuyến', 'filed online'),
      },
    ],
    countBy: null,
    sums: [
      sum(
        'people',
        'people',
        t('Người được hướng dẫn tại Bộ phận một cửa, Trung tâm PVHCC', 'People guided at one-stop desks'),
        LOT,
        t('HD một cửa', 'Guided'),
      ),
      sum(
        'online',
        'online',
        t('— trong đó được hỗ trợ nộp hồ sơ trực tuyến', '— of whom helped to file online'),
        LOT,
        t('Nộp trực tuyến', 'Online'),
        { part: true },
      ),
    ],
    title: { hint: t('Ví dụ: Hướng dẫn đăng ký khai sinh trực tuyến', 'e.g. Registering a birth online') },
    usualFor: ['commune'],
    words:
      /bộ phận (?:một cửa|tiếp nhận và trả kết quả)|(?:tại|ở) (?:các )?trung tâm (?:phục vụ )?hành chính công|hỗ trợ (?:người dân|tổ chức|công dân|doanh nghiệp)[^.;]{0,60}(?:nộp|trực tuyến)|hướng dẫn[^.;]{0,40}nộp hồ sơ/u,
  },
  {
    id: 'survey',
    label: t('Khảo sát', 'Survey'),
    name: t('Khảo sát mức độ hài lòng', 'Satisfaction surveys'),
    fields: [
      {
        type: 'number',
        name: 'surveys',
        integer: true,
        min: 1,
        max: MAX,
        default: 1,
        asked: false,
        label: t('Số cuộc khảo sát', 'Surveys'),
        noun: t('Số cuộc khảo sát', 'The number of surveys'),
        unit: t('cuộc', 'surveys'),
      },
      {
        type: 'number',
        name: 'responses',
        integer: true,
        min: 0,
        max: MAX,
        default: 0,
        asked: true,
        label: t('Số phiếu, lượt trả lời', 'Responses'),
        noun: t('Số phiếu trả lời', 'The number of responses'),
        unit: t('phiếu', 'responses'),
      },
    ],
    countBy: 'surveys',
    sums: [
      sum(
        'surveys',
        'surveys',
        t('Cuộc khảo sát mức độ hài lòng', 'Satisfaction surveys'),
        t('cuộc', 'surveys'),
        t('Khảo sát', 'Surveys'),
      ),
      sum(
        'responses',
        'responses',
        t('Lượt người trả lời khảo sát', 'Survey responses'),
        t('lượt', 'responses'),
        t('Lượt trả lời', 'Responses'),
      ),
    ],
    usualFor: [],
    words: /khảo sát[^.;]{0,40}hài lòng|phiếu khảo sát|lấy ý kiến[^.;]{0,40}(?:hài lòng|đánh giá)|điều tra xã hội học/u,
  },
  {
    id: 'contest',
    label: t('Cuộc thi', 'Contest'),
    name: t('Cuộc thi, hội thi', 'Contests'),
    fields: [sessionsOnce(t('Số cuộc thi', 'The number of contests')), participants],
    countBy: 'sessions',
    sums: [
      sum('sessions', 'sessions', t('Cuộc thi, hội thi', 'Contests'), t('cuộc', 'contests'), t('Cuộc thi', 'Contests')),
      sum('participants', 'participants', t('Người dự thi', 'Contestants'), LOT, t('Người dự thi', 'Contestants')),
    ],
    usualFor: [],
    words: /cuộc thi|hội thi|thi tìm hiểu|thi viết|thi sáng kiến|thi trắc nghiệm|dự thi/u,
  },
  {
    id: 'other',
    label: t('Khác', 'Other'),
    name: t('Hoạt động khác', 'Other activities'),
    fields: [itemsOnce(t('Số hoạt động', 'The number of activities'))],
    countBy: 'items',
    sums: [
      sum('items', 'items', t('Hoạt động khác', 'Other activities'), t('hoạt động', 'activities'), t('Khác', 'Other')),
    ],
    usualFor: [],
    words: null,
  },
] as const satisfies readonly KindDefinition[];

/** A kind's wire id. */
export type ActivityKind = (typeof DEFINED)[number]['id'];

/** Every kind, in the order forms and pickers list them, each with the money it may have cost. */
export const KIND_DEFINITIONS: readonly (KindDefinition & { readonly id: ActivityKind })[] = DEFINED.map((kind) => ({
  ...kind,
  fields: [...kind.fields, SPENT_VND],
  sums: [...kind.sums, SPENT_SUM],
}));

/** The kinds of the sync contract, in the order forms list them. */
export const ACTIVITY_KINDS = KIND_DEFINITIONS.map((kind) => kind.id) as readonly ActivityKind[] as [
  ActivityKind,
  ...ActivityKind[],
];

/** The order of the kinds' lines in the official report (plans, section IV: classes, items, material…). */
export const REPORT_ORDER: readonly ActivityKind[] = [
  'training',
  'law_day',
  'article',
  'press',
  'social',
  'material',
  'radio_tv',
  'broadcast',
  'visual',
  'meeting',
  'desk_guidance',
  'survey',
  'contest',
  'other',
];

const BY_ID = new Map<string, KindDefinition>(KIND_DEFINITIONS.map((kind) => [kind.id, kind]));

/** The definition of a kind; undefined for a kind this release does not know (synced from a newer one). */
export function kindDefinition(id: string): KindDefinition | undefined {
  return BY_ID.get(id);
}

/** True when this release knows the kind. */
export function isKnownKind(id: string): id is ActivityKind {
  return BY_ID.has(id);
}

/** The stock a unit keeps of a kind; undefined for a kind that is only logged. */
export function stockOf(id: string): Stock | undefined {
  return BY_ID.get(id)?.stock;
}

/** The kinds a unit holds a stock of, in the order forms list them. */
export const STOCKED_KINDS: readonly ActivityKind[] = KIND_DEFINITIONS.filter((kind) => kind.stock).map(
  (kind) => kind.id,
);

/**
 * What a unit holds of a kind over the facts given (each a kind and its report figures): what came
 * in minus what went out. Zero for a kind without a stock.
 */
export function stockHeld(
  facts: readonly { readonly kind: string; readonly figures: Readonly<Record<string, number>> }[],
  kind: ActivityKind,
): number {
  const stock = stockOf(kind);
  if (!stock) return 0;
  let held = 0;
  for (const fact of facts) {
    if (fact.kind !== kind) continue;
    held += (fact.figures[stock.in] ?? 0) - (fact.figures[stock.out] ?? 0);
  }
  return held;
}
