import type { EntryDraft } from '../../src/app/db/database';

// Text pasted from a document: Vietnamese, so most letters take 2 or 3 bytes in UTF-8.
const PASTED = 'Tuyên truyền cải cách hành chính, chuyển đổi số và dịch vụ công trực tuyến ở xã. ';

function textOf(length: number, salt: number): string {
  const text = `${salt} ${PASTED.repeat(Math.ceil(length / PASTED.length) + 1)}`;
  return text.slice(0, length).normalize('NFC');
}

/** An entry at the schema's maximum sizes: a 500-character title, a 2,000-character note, 20 topics of 100. */
export function maxSizeDraft(i: number, date = '2021-07-06'): EntryDraft {
  return {
    kind: 'broadcast',
    date,
    title: textOf(500, i),
    topics: Array.from({ length: 20 }, (_, t) => textOf(100, i * 100 + t)),
    note: textOf(2000, i),
    figures: { sessions: 1, minutes: 10, source: 'own' },
  };
}
