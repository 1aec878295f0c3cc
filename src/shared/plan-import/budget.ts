/** The budget column of a plan: an amount in đồng, or words saying who pays ("Theo dự trù riêng"). */
import { cleanDocumentText, foldForMatch, squash } from './normalize';

/** A budget cell read: the amount when one is written, the words otherwise, and whether it made sense. */
export interface BudgetReading {
  readonly amountVnd: number | null;
  /** The cell's words when they say more than the amount (kept in the task's notes). */
  readonly words: string | null;
  readonly isRecognised: boolean;
}

const AMOUNT =
  /(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+(?:,\d+)?)\s*(tỷ|ty|triệu|trieu|tr|nghìn|ngàn|nghin|ngan|đồng|dong|vnđ|vnd|đ)?(?:\s*(?:đồng|dong|vnđ|vnd|đ)(?![\p{L}\d]))?(?![\p{L}\d])/giu;
const MULTIPLIER: Record<string, number> = {
  tỷ: 1e9,
  ty: 1e9,
  triệu: 1e6,
  trieu: 1e6,
  tr: 1e6,
  nghìn: 1e3,
  ngàn: 1e3,
  nghin: 1e3,
  ngan: 1e3,
};

// Words that say how a task is funded without an amount; any other wording is flagged for review.
const FUNDING_WORDS =
  /\b(kinh phi|du tru|du toan|bo tri|ngan sach|nguon|long ghep|chu dong|xa hoi hoa|sap xep|tai tro|khong phat sinh|khong co)\b/;

/** Reads a budget cell: "50.000.000" → 50 000 000; "800.000 đồng" → 800 000; words → null. */
export function parseBudget(text: string): BudgetReading {
  const clean = squash(text);
  if (clean === '') return { amountVnd: null, words: null, isRecognised: true };
  // An amount broken over lines by a narrow cell ("30.000.\n000") reads as one number.
  const joined = cleanDocumentText(text).replace(/\s+/g, '');
  if (/^\d{1,3}(?:\.\d{3})+(?:đ|đồng|vnđ)?$/iu.test(joined)) {
    return { amountVnd: Number(joined.replace(/\D/g, '')), words: null, isRecognised: true };
  }
  const amounts: number[] = [];
  let rest = clean;
  for (const match of clean.matchAll(AMOUNT)) {
    const amount = amountOf(match[1]!, match[2]?.toLowerCase());
    if (amount === null) continue;
    amounts.push(amount);
    rest = rest.replace(match[0], ' ');
  }
  const leftover = rest.replace(/[\s()\-–:;,.+]+/g, '');
  if (amounts.length === 1)
    return { amountVnd: amounts[0]!, words: leftover === '' ? null : clean, isRecognised: true };
  if (amounts.length > 1) return { amountVnd: null, words: clean, isRecognised: false };
  return { amountVnd: null, words: clean, isRecognised: FUNDING_WORDS.test(foldForMatch(clean)) };
}

/** The amount in đồng a budget cell states, or null when it states none. */
export function parseBudgetVnd(text: string): number | null {
  return parseBudget(text).amountVnd;
}

// A bare number is money only when it is grouped in thousands or carries a unit; "năm 2021" and
// "01 lần" are not budgets.
function amountOf(digits: string, unit: string | undefined): number | null {
  const multiplier = unit ? (MULTIPLIER[unit] ?? 1) : 1;
  const isGrouped = /^\d{1,3}(?:[.,]\d{3})+$/.test(digits);
  if (!unit && !isGrouped) return null;
  const value = isGrouped ? Number(digits.replace(/[.,]/g, '')) : Number(digits.replace(',', '.'));
  const amount = Math.round(value * multiplier);
  return Number.isSafeInteger(amount) && amount >= 1000 ? amount : null;
}

// "Kinh phí dự kiến: 45.000.000 đồng", "kinh phí khoảng 45 triệu đồng" written in a task's prose.
const BUDGET_IN_PROSE =
  /kinh phí[^.;:\d]{0,40}:?\s*((?:khoảng|dự kiến|là)?\s*\d[\d.,]*\s*(?:tỷ|triệu|nghìn|ngàn|đồng|đ|vnđ)[^.;\n]{0,60})/iu;

/** The budget words a task's prose states ("45 triệu đồng"), or null when it states no amount. */
export function budgetInProse(text: string): string | null {
  const match = BUDGET_IN_PROSE.exec(squash(text));
  if (!match) return null;
  return parseBudget(match[1]!).amountVnd === null ? null : match[1]!.trim();
}
