// The baseline of the phone bench's cold start (issue 18): the least a Vite + Preact PWA does to
// draw a screen offline — its shell from a precaching service worker, one component rendered.
import { render } from 'preact';
import { useState } from 'preact/hooks';

function Shell() {
  const [items] = useState(() => ['Phát thanh', 'Tài liệu', 'Tập huấn']);
  return (
    <main>
      <h1>Trang chính</h1>
      <ul class="shell-items">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </main>
  );
}

render(<Shell />, document.getElementById('app')!);
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js');
