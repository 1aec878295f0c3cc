// The minimal Vite + Preact PWA the phone bench measures its cold start against (issue 18): the
// page in test/bench/pages/minimal-shell, built with the app's own Vite, Preact preset and
// vite-plugin-pwa (a generated precaching worker), and served as static files.
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { build } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const ROOT = fileURLToPath(new URL('../pages/minimal-shell', import.meta.url));

/** Builds the minimal shell into a fresh folder; returns the folder. */
export async function buildMinimalShell(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'cchc-minimal-shell-'));
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    plugins: [
      preact(),
      VitePWA({
        strategies: 'generateSW',
        injectRegister: false,
        workbox: { globPatterns: ['**/*.{js,css,html}'], navigateFallback: '/index.html' },
        manifest: { name: 'Vỏ tối thiểu', short_name: 'Vỏ', start_url: '/', display: 'standalone', icons: [] },
      }),
    ],
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.webmanifest': 'application/manifest+json',
};

/** Serves a folder on 127.0.0.1 (index.html for `/`); resolves with its address and a stop. */
export async function serveFolder(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    const file = path.join(dir, pathname === '/' ? 'index.html' : path.normalize(pathname));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
