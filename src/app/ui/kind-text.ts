import type { ActivityInput } from '../../shared/activity';
import { formatNumberVi } from '../../shared/format';
import { ACTIVITY_KINDS, type ChoiceField, isKnownKind, kindDefinition, type NumberField } from '../../shared/kinds';
import type { Totals } from '../../shared/report';
import type { Text } from '../../shared/text';
import { language, t, tx } from '../i18n/messages';

// English words whose singular is not the plural less its "s"; Vietnamese has no plural.
const ENGLISH_ONE: Readonly<Record<string, string>> = {
  people: 'person',
  copies: 'copy',
  classes: 'class',
  activities: 'activity',
  reached: 'reached',
  'filed online': 'filed online',
};

/** A count and its unit in the app's language: "1 session", "2 sessions", "1 buổi". */
export function countWithUnit(value: number, unit: Text): string {
  const word = tx(unit);
  const one = language() === 'en' && value === 1 ? (ENGLISH_ONE[word] ?? word.replace(/s$/, '')) : word;
  return `${formatNumberVi(value)} ${one}`;
}

/** A kind's short name, for buttons and the log; a kind of a newer release is named as such. */
export function kindLabel(kind: string): string {
  const definition = kindDefinition(kind);
  return definition ? tx(definition.label) : t('kind.unknown', { kind });
}

/** The label of one value of a kind's choice ("relay" → "Tiếp sóng"); '' when it is not one. */
export function choiceLabel(kind: string, field: string, value: unknown): string {
  const choice = kindDefinition(kind)?.fields.find((f): f is ChoiceField => f.type === 'choice' && f.name === field);
  const option = choice?.options.find((o) => o.id === (typeof value === 'string' ? value : choice.default));
  return option ? tx(option.label) : '';
}

/**
 * One line saying what an entry counted, its fields in the kind's order: "Sáng · 10 phút · Tự sản
 * xuất", "Phát ra · 40 bản". A count every entry makes once is said only when it is not one.
 */
export function describeFigures(entry: Pick<ActivityInput, 'kind' | 'figures'>): string {
  const definition = kindDefinition(entry.kind);
  const f = entry.figures;
  if (!definition) {
    return Object.entries(f)
      .map(([name, value]) => `${name}: ${typeof value === 'number' ? formatNumberVi(value) : String(value)}`)
      .join(' · ');
  }
  const parts: string[] = [];
  for (const field of definition.fields) {
    const value = f[field.name];
    if (field.type === 'choice') {
      const label = choiceLabel(entry.kind, field.name, value);
      if (label) parts.push(label);
    } else if (field.type === 'number' && typeof value === 'number' && (field.asked || value !== field.default)) {
      parts.push(countWithUnit(value, field.unit));
    }
  }
  return parts.join(' · ');
}

/**
 * What a kind's totals say on home: "8 buổi · 80 phút", "300 bản nhận về · 40 bản phát ra". Lines
 * that split another by a choice (of which own production, relayed) are left to the report.
 */
export function describeTotals(kind: string, totals: Readonly<Record<string, number>>): string {
  const definition = kindDefinition(kind);
  if (!definition) return describeFigures({ kind: kind as ActivityInput['kind'], figures: totals });
  const parts: string[] = [];
  for (const sum of definition.sums) {
    const value = totals[sum.name];
    if (value === undefined || (sum.part && sum.when)) continue;
    const field = definition.fields.find((f): f is NumberField => f.type === 'number' && f.name === sum.of);
    const qualifier = sum.when ? choiceLabel(kind, sum.when.field, sum.when.is).toLocaleLowerCase(language()) : '';
    parts.push(
      `${field ? countWithUnit(value, field.unit) : formatNumberVi(value)}${qualifier ? ` ${qualifier}` : ''}`,
    );
  }
  return parts.join(' · ');
}

/** The kinds a totals object has, in the order forms list them; kinds of a newer release last. */
export function kindsWithTotals(totals: Totals): string[] {
  const known = ACTIVITY_KINDS.filter((kind) => totals[kind] !== undefined);
  return [...known, ...Object.keys(totals).filter((kind) => !isKnownKind(kind))];
}
