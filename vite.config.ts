/// <reference types="vitest/config" />
import preact from '@preact/preset-vite';
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
      injectManifest: { globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'] },
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
  build: { outDir: 'dist', sourcemap: false },
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
