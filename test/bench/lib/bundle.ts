import { build } from 'esbuild';

/** Bundles a harness page's module for the browser and returns its code. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    // BENCH_PROFILE keeps names readable in CPU profiles.
    minify: !process.env.BENCH_PROFILE,
    write: false,
    logLevel: 'silent',
    define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}

/** A blank page that loads one script. */
export function harnessHtml(scriptPath: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><script src="${scriptPath}"></script></body></html>`;
}
