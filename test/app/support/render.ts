import { type ComponentChild, render } from 'preact';

/** Lets the app's timers, renders and IndexedDB work run for a while. */
export const settle = (ms = 60) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds, polling every 20 ms for up to 4 s; else fails naming `what`. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await settle(20);
  if (!check()) throw new Error(`never happened: ${what}`);
}

const mounted: HTMLElement[] = [];

/** Renders `node` into a new container in the page; `unmountAll` takes it down. */
export function mount(node: ComponentChild): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  render(node, container);
  mounted.push(container);
  return container;
}

/** Takes down every container `mount` made and clears the route (for afterEach). */
export function unmountAll(): void {
  for (const container of mounted.splice(0)) {
    render(null, container);
    container.remove();
  }
  location.hash = '';
}

/** Types into the input named `name` inside `root`, as a person would (an input event follows). */
export function typeInto(root: HTMLElement, name: string, value: string): void {
  const input = root.querySelector(`[name=${name}]`) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
