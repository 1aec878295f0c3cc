import { useEffect, useState } from 'preact/hooks';

/** A parsed hash route: `#/edit/ID?again=1` → { path: ['edit','ID'], query }. */
export interface Route {
  path: string[];
  query: URLSearchParams;
}

function parse(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

// The hash the screens show. navigate() changes it in the caller's task and writes the address
// after the next frame: on a slow phone the hashchange event came a task later, and writing
// location.hash alone took ~10 ms, both between a tap on "save" and the saved entry showing.
// Links, back and forward arrive by the hashchange event.
let shown = '';
let writing: string | null = null;
const listeners = new Set<() => void>();
function show(hash: string): void {
  if (hash === shown) return;
  shown = hash;
  for (const listener of listeners) listener();
}
addEventListener('hashchange', () => {
  writing = null;
  show(location.hash);
});

/** The current hash route, updated on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => {
    shown = location.hash;
    return parse(shown);
  });
  useEffect(() => {
    const onChange = () => setRoute(parse(shown));
    listeners.add(onChange);
    // A change between the first render and this subscription would otherwise go unseen.
    if (writing === null) show(location.hash);
    else onChange();
    return () => {
      listeners.delete(onChange);
    };
  }, []);
  return route;
}

/** Navigates to a hash route: the screens follow before this returns; the address a frame later. */
export function navigate(to: string): void {
  const hash = `#${to.replace(/^#/, '')}`;
  writing = hash;
  show(hash);
  const write = () => {
    // Unless another navigation (a link, back) came first.
    if (writing !== hash) return;
    writing = null;
    if (location.hash !== hash) location.hash = hash;
  };
  // A hidden page paints no frame: the timer writes it then.
  requestAnimationFrame(() => setTimeout(write, 0));
  setTimeout(write, 100);
}
