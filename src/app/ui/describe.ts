import type { ActivityInput } from '../../shared/activity';
import { formatNumberVi } from '../../shared/format';
import { t } from '../i18n/messages';

/** Parts of the day a station airs in, stored as the broadcast's `timeOfDay` qualifier. */
export const TIMES_OF_DAY = ['sang', 'trua', 'chieu', 'toi'] as const;

/** One line saying what an entry counted: "Sáng · 10 phút · Tự sản xuất", "Phát 40 bản". */
export function describeFigures(entry: Pick<ActivityInput, 'kind' | 'figures'>): string {
  const f = entry.figures;
  const num = (v: unknown) => (typeof v === 'number' ? formatNumberVi(v) : '');
  switch (entry.kind) {
    case 'broadcast': {
      const parts: string[] = [];
      if (typeof f.timeOfDay === 'string' && (TIMES_OF_DAY as readonly string[]).includes(f.timeOfDay)) {
        parts.push(t(`time.${f.timeOfDay as (typeof TIMES_OF_DAY)[number]}`));
      }
      if (typeof f.minutes === 'number') parts.push(`${num(f.minutes)} ${t('figure.minutes')}`);
      parts.push(t(f.source === 'relay' ? 'form.source.relay' : 'form.source.own'));
      return parts.join(' · ');
    }
    case 'material':
      return `${t(f.direction === 'received' ? 'form.direction.received' : 'form.direction.distributed')} ${num(f.copies)} ${t('figure.copies')}`;
    case 'training':
    case 'meeting':
    case 'contest':
      return typeof f.participants === 'number' ? `${num(f.participants)} ${t('figure.participants')}` : '';
    default:
      return typeof f.items === 'number' && f.items > 1 ? `${num(f.items)}` : '';
  }
}
