/**
 * Tasks of a plan with no task table and no numbered task paragraphs: the items of its list of
 * forms ("Các hình thức tuyên truyền": a contest, a survey, banners…) are each a task, and so are
 * the clauses of its content list that name a channel or a form of activity ("… mạng xã hội (như
 * Zalo, Facebook, Youtube…)"); topics alone ("Tuyên truyền, phổ biến các Nghị quyết…") are not.
 */
import { budgetInProse } from './budget';
import { type TaskDraft, newDraft } from './draft';
import { proposeKinds } from './kinds';
import { foldForMatch, squash } from './normalize';

type SectionRole = 'forms' | 'content' | 'both' | 'other';

// "II.", "2.", "2.1." or "2.1", "a)": a section's heading, deeper as its number has more parts.
const HEADING = /^(?:([IVXLC]+)\.|(\d{1,2}\.\d{1,2}(?:\.\d{1,2})*\.?|\d{1,2}\.)(?=\s)|([a-zđ])\))\s*(\S.*)$/u;
const BULLET = /^(?:[-+•*–]|[a-zđ]\))\s*/u;

function roleOf(title: string): SectionRole {
  const folded = foldForMatch(title);
  const forms = /\bhinh thuc\b/.test(folded);
  const content = /\bnoi dung\b/.test(folded) && /tuyen truyen|thong tin|truyen thong/.test(folded);
  if (forms && content) return 'both';
  if (forms) return 'forms';
  if (content) return 'content';
  return 'other';
}

function levelOf(match: RegExpExecArray): number {
  if (match[1]) return 1;
  if (match[2]) return 1 + match[2].split('.').filter((part) => part !== '').length;
  return 9;
}

interface Item {
  role: 'forms' | 'content';
  lines: string[];
}

/** Drafts of the tasks a plan's lists of forms and content name; empty when it has no such list. */
export function findListTasks(lines: readonly string[]): TaskDraft[] {
  const items: Item[] = [];
  // The open sections, outermost first: a heading closes those of its level or deeper.
  const open: { level: number; role: SectionRole }[] = [];
  let current: Item | null = null;
  for (const raw of lines) {
    const line = squash(raw);
    if (line === '') continue;
    const heading = HEADING.exec(line);
    // "a) Tuyên truyền …" inside a section is an item, not a heading, unless it names a section.
    if (heading && !(heading[3] && roleOf(heading[4]!) === 'other' && open.length > 0)) {
      const level = levelOf(heading);
      while (open.length > 0 && open[open.length - 1]!.level >= level) open.pop();
      // "1. Nội dung tuyên truyền: Công tác … tập trung vào những nội dung sau:" opens the section;
      // its words after the colon are the section's lead-in, not an item.
      open.push({ level, role: roleOf(heading[4]!.split(':')[0]!) });
      current = null;
      continue;
    }
    const role = [...open].reverse().find((section) => section.role !== 'other')?.role ?? null;
    if (role === null || /^(?:Nơi nhận|TM\.|KT\.)/u.test(line)) {
      current = null;
      continue;
    }
    const itemRole: Item['role'] = role === 'forms' ? 'forms' : 'content';
    if (BULLET.test(line) || current === null || current.role !== itemRole) {
      const item: Item = { role: itemRole, lines: [line.replace(BULLET, '')] };
      items.push(item);
      current = item;
    } else current.lines.push(line);
  }
  const drafts: TaskDraft[] = [];
  for (const item of items) {
    const text = item.lines.join(' ').trim();
    const parts = item.role === 'forms' ? [text] : text.split(/\s*;\s*/).filter(namesAForm);
    for (const part of parts) {
      const draft = newDraft(String(drafts.length + 1));
      const [first, ...rest] = sentencesOf(part);
      draft.titles.push(first!);
      const content = rest.join(' ').trim();
      draft.content = content === '' ? null : content;
      const budget = budgetInProse(part);
      if (budget) draft.budgets.push(budget);
      draft.fromList = true;
      drafts.push(draft);
    }
  }
  return drafts;
}

// A clause of the content list is a task when it names a channel or a form of activity.
function namesAForm(clause: string): boolean {
  const kinds = proposeKinds(clause);
  return !(kinds.length === 1 && kinds[0] === 'other');
}

// The first sentence is the task's title; "TTHC. Hình thức…" splits, "v.v." and "…)" do not.
function sentencesOf(text: string): string[] {
  const clean = text.replace(/[\s.;:]+$/u, '');
  const sentences = clean.split(/(?<=[^\s.]{2})\.\s+(?=\p{Lu})/u);
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence !== '');
}
