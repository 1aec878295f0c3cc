import { type MessageKey, t } from '../i18n/messages';

const ITEMS: { href: string; key: MessageKey; icon: string }[] = [
  { href: '#/', key: 'nav.home', icon: '⌂' },
  { href: '#/log', key: 'nav.log', icon: '☰' },
  { href: '#/book', key: 'nav.book', icon: '✎' },
  { href: '#/stock', key: 'nav.stock', icon: '▤' },
  { href: '#/settings', key: 'nav.settings', icon: '⚙' },
];

/** The thumb-reach navigation bar at the bottom of every screen. */
export function BottomNav(props: { current: string }) {
  return (
    <nav class="bottom-nav">
      {ITEMS.map((item) => (
        <a key={item.href} href={item.href} class={props.current === item.href ? 'on' : ''}>
          <span aria-hidden="true">{item.icon}</span>
          {t(item.key)}
        </a>
      ))}
    </nav>
  );
}
