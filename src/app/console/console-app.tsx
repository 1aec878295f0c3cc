/** Upstream console for supervisors (district/province officers, commune chairmen); lazy-loaded by the shell. */
export function ConsoleApp() {
  return (
    <main class="console">
      <h1>Bảng điều hành tuyên truyền CCHC</h1>
      <p>Đang tải…</p>
    </main>
  );
}
