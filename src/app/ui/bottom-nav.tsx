import { type ActivityKind, kindDefinition } from '../../shared/kinds';
import type { UnitKind } from '../../shared/unit';
import { type MessageKey, t } from '../i18n/messages';

// A book of one kind is offered to the units that usually log it (the kinds definition says
// which): the broadcast book to stations and communes, the material stock to post-office points
// and communes.
const ITEMS: { href: string; key: MessageKey; icon: string; kind?: ActivityKind }[] = [
  { href: '#/', key: 'nav.home', icon: '⌂' },
  { href: '#/log', key: 'nav.log', icon: '☰' },
  { href: '#/book', key: 'nav.book', icon: '✎', kind: 'broadcast' },
  { href: '#/stock', key: 'nav.stock', icon: '▤', kind: 'material' },
  { href: '#/content', key: 'nav.content', icon: '♪' },
  { href: '#/settings', key: 'nav.settings', icon: '⚙' },
];

/** The thumb-reach navigation bar at the bottom of every screen, with the books the unit keeps. */
export function BottomNav(props: { current: string; unitKind: UnitKind | undefined }) {
  const items = ITEMS.filter(
    (item) => !item.kind || !props.unitKind || kindDefinition(item.kind)!.usualFor.includes(props.unitKind),
  );
  return (
    <nav class="bottom-nav">
      {items.map((item) => (
        <a key={item.href} href={item.href} class={props.current === item.href ? 'on' : ''}>
          <span aria-hidden="true">{item.icon}</span>
          {t(item.key)}
        </a>
      ))}
    </nav>
  );
}
