/** Which kinds of activity count toward a task, proposed from the words of its title and products. */
import type { ActivityKind } from '../activity';
import { KIND_DEFINITIONS } from '../kinds';
import { squash } from './normalize';

// A name in quotes (“Gặp gỡ và đối thoại”, "Cải cách hành chính") is a programme's or a column's,
// not a form of activity: a radio programme called "Dialogue" is no meeting.
const QUOTED = /“[^”]*”|"[^"]*"|‘[^’]*’/g;

/** Kinds proposed for a task, in the order forms list them; "other" when no word gives a kind. */
export function proposeKinds(title: string, products: readonly string[] = []): ActivityKind[] {
  // Matched on lower-case NFC text: folding would make "bãi bỏ" read as "bài" and "báo cáo" as a
  // newspaper. A bare "thi" is not matched: "thi đua" is an emulation movement, "thực thi" is doing.
  const text = squash([title, ...products].join(' \n '))
    .toLowerCase()
    .replace(QUOTED, ' ');
  const kinds = KIND_DEFINITIONS.filter((kind) => kind.words?.test(text)).map((kind) => kind.id);
  return kinds.length > 0 ? kinds : ['other'];
}
