/// <reference types="vitest/config" />
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The PWA build (manifest, service worker, precache) is configured in the plugins below; the
// test block declares one Vitest project per runtime, mirroring src/.
export default defineConfig({
  plugins: [
    preact(),
    {
      // The shared schemas are built at module level, in chains (`z.object(…).check(…)`) a bundler
      // cannot prove pure. The phone needs few of them: wrapping each top-level schema in a
      // pure-annotated function call lets the unused ones, and most of zod, drop out of the bundle.
      name: 'cchc-pure-shared-schemas',
      apply: 'build',
      enforce: 'pre',
      transform(code, id) {
        if (!/[\\/]src[\\/]shared[\\/][^\\/]+\.ts$/.test(id) || !code.includes('zod')) return null;
        return { code: wrapSchemaConstants(code), map: null };
      },
    },
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/app/sw',
      filename: 'sw.ts',
      // The page registers the worker itself and decides when an update may take over.
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        // exceljs (the report's .xlsx, 259 KB gzip) would nearly double the precache: the worker
        // caches it the first time the report screen loads it online (sw.ts), the .docx is precached.
        globIgnores: ['**/node_modules/**/*', '**/report-xlsx-*.js'],
      },
      includeAssets: ['icons/*.png'],
      manifest: {
        name: 'Tuyên truyền cải cách hành chính',
        short_name: 'Tuyên truyền CCHC',
        description: 'Ghi và báo cáo hoạt động tuyên truyền cải cách hành chính, dùng được khi không có mạng.',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#0b3d91',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  resolve: {
    // Dexie's ES2018 build, which every browser with the IndexedDB the app needs runs: ~1.3 KB
    // (gzip) lighter than the ES5 build its package points to (issue 18's first-screen budget).
    alias: [
      {
        find: /^dexie$/,
        replacement: fileURLToPath(new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url)),
      },
    ],
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // The first screen arrives as one file: every module the entry imports statically goes into
        // one chunk instead of the several common chunks it shares with the lazy screens. One gzip
        // stream compresses them ~1.5 KB better than five (issue 18's 60 KB budget); the lazy
        // screens import from it, as it is always loaded first.
        codeSplitting: { groups: [{ name: (id, ctx) => (firstScreenModules(ctx).has(id) ? 'shell' : null) }] },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    projects: [
      {
        test: {
          name: 'shared',
          include: ['test/shared/**/*.test.ts', 'test/typecheck/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'app',
          include: ['test/app/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/app/setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // One production build of the PWA per run, shared by every e2e file.
          globalSetup: ['test/e2e/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'proof',
          include: ['test/proof/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

type ModuleGraph = { getModuleInfo(id: string): { importedIds: readonly string[] } | null };
let firstScreen: { graph: ModuleGraph; modules: Set<string> } | null = null;

/** The modules the phone's entry (src/app/main.tsx) reaches by static imports: its first screen. */
function firstScreenModules(graph: ModuleGraph): Set<string> {
  if (firstScreen?.graph === graph) return firstScreen.modules;
  const modules = new Set<string>();
  const entry = fileURLToPath(new URL('./src/app/main.tsx', import.meta.url));
  const stack = [entry];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (modules.has(id)) continue;
    modules.add(id);
    stack.push(...(graph.getModuleInfo(id)?.importedIds ?? []));
  }
  firstScreen = { graph, modules };
  return modules;
}

/** Wraps `const name = z…;` and `const name = { … z… };` statements in a pure IIFE. */
function wrapSchemaConstants(code: string): string {
  const start = /^(export )?const (\w+)(: [^=]+)? = (?=z\.|z\n|\{)/gm;
  let out = '';
  let last = 0;
  for (let match = start.exec(code); match; match = start.exec(code)) {
    const from = match.index + match[0].length;
    let depth = 0;
    let end = from;
    for (; end < code.length; end++) {
      const ch = code[end];
      if (ch === '(' || ch === '{' || ch === '[') depth++;
      else if (ch === ')' || ch === '}' || ch === ']') depth--;
      else if (ch === ';' && depth === 0) break;
    }
    const expression = code.slice(from, end);
    if (!/\bz\./.test(expression)) continue;
    out += `${code.slice(last, from)}/* @__PURE__ */ (() => (${expression}))()`;
    last = end;
    start.lastIndex = end;
  }
  return out + code.slice(last);
}
