// What may wait until the first screen is usable. On a slow phone, home's figures are the work the
// person waits for at every start: the screens warmed for later, the service worker's helper and
// home's own secondary parts (closing the period, nudges) load only once they are shown, so that
// fetching and compiling them never runs between the start and the figures (on a 4× slower CPU
// they took about a third of an offline cold start).

let settle: () => void = () => undefined;
const settled = new Promise<void>((resolve) => {
  settle = resolve;
});

/** Called when the first screen shows what the person came for (home's figures, enrollment, the console). */
export function firstScreenReady(): void {
  settle();
}

/** Runs `work` once the first screen is usable (at once, after that). */
export function afterFirstScreen(work: () => void): void {
  void settled.then(work);
}
