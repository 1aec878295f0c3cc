// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type ComponentChild, h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { EntryRow } from '../../src/app/ui/entry-row';
import { TaskCard } from '../../src/app/ui/task-card';

const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>đậm</b>';

function mount(vnode: ComponentChild): HTMLElement {
  const root = document.createElement('div');
  document.body.appendChild(root);
  render(vnode, root);
  return root;
}

function expectInert(root: HTMLElement): void {
  expect(root.querySelector('script, img, iframe, object, b')).toBeNull();
  expect(root.textContent).toContain(HOSTILE);
  expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
}

describe('titles and notes with HTML render as text on the phone', () => {
  it('a log row, in conflict, with a hostile title, reason and server copy', () => {
    const root = mount(
      h(EntryRow, {
        entry: {
          id: '01890000-0000-7000-8000-000000000001',
          kind: 'broadcast',
          date: '2021-07-10',
          title: HOSTILE,
          figures: { sessions: 1, minutes: 10 },
          voided: true,
          voidReason: HOSTILE,
          syncState: 'conflict',
          error: HOSTILE,
          conflictWith: {
            kind: 'broadcast',
            date: '2021-07-10',
            title: HOSTILE,
            figures: { sessions: 2 },
            voided: false,
          },
        },
        onOpen: () => undefined,
        onKeepMine: () => undefined,
        onTakeTheirs: () => undefined,
      }),
    );
    expectInert(root);
  });

  it('a rejected row shows the server reason as text', () => {
    const root = mount(
      h(EntryRow, {
        entry: {
          id: '01890000-0000-7000-8000-000000000002',
          kind: 'training',
          date: '2021-07-10',
          title: HOSTILE,
          figures: { participants: 3 },
          voided: false,
          syncState: 'rejected',
          error: HOSTILE,
        },
        onOpen: () => undefined,
        onKeepMine: () => undefined,
        onTakeTheirs: () => undefined,
      }),
    );
    expectInert(root);
  });

  it('a task card with a hostile plan task title', () => {
    const root = mount(h(TaskCard, { title: HOSTILE, target: null, actual: 1, total: 2, due: 1, status: 'on_track' }));
    expectInert(root);
  });

  it('no screen writes HTML from strings: no innerHTML, outerHTML, insertAdjacentHTML or dangerouslySetInnerHTML', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
      });
    const offenders = walk('src/app').filter((file) =>
      /innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
