import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAppDatabase } from '../../src/app/db/database';
import { EnrollPage } from '../../src/app/pages/enroll-page';
import { codeInQr } from '../../src/app/pages/qr-scan';
import { ServicesContext } from '../../src/app/services';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Transport } from '../../src/app/sync/transport';
import { mount, unmountAll, until } from './support/render';

// Issue 13 item 8: the enrollment screen said "hoặc quét mã QR" with no scanner. Where the browser
// reads QR codes itself (BarcodeDetector), it scans with the camera; elsewhere it says how the
// phone's own camera app does it.
afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

function open() {
  const db = openAppDatabase(`enroll-scan-${Date.now()}`);
  const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
  return mount(
    <ServicesContext.Provider value={{ db, transport, scheduler: new SyncScheduler(db, transport) }}>
      <EnrollPage initialCode="" onEnrolled={() => undefined} />
    </ServicesContext.Provider>,
  );
}

describe('enrolling with a QR code', () => {
  it('reads the code from the link a QR code holds', () => {
    expect(codeInQr('https://cchc.hatinh.gov.vn/?code=JYAGRH63AJ')).toBe('JYAGRH63AJ');
    expect(codeInQr(' JYAGRH63AJ ')).toBe('JYAGRH63AJ');
    expect(codeInQr('https://example.com/khong-co-ma')).toBeNull();
  });

  it('without a QR reader in the browser, offers no scanner and says how the camera app does it', () => {
    const root = open();
    expect(root.querySelector('.scan')).toBeNull();
    expect(root.textContent).toContain('quét bằng ứng dụng máy ảnh của điện thoại');
  });

  it('with one, scans with the camera, fills the code in and stops the camera', async () => {
    const stopped = vi.fn();
    vi.stubGlobal(
      'BarcodeDetector',
      class {
        detect = vi.fn(async () => [{ rawValue: 'http://localhost:8080/?code=2R4XFEXEW4' }]);
      },
    );
    Object.defineProperty(navigator, 'mediaDevices', {
      configurable: true,
      value: { getUserMedia: async () => ({ getTracks: () => [{ stop: stopped }] }) },
    });
    // jsdom has no camera: a stream it accepts, and a video that "plays".
    Object.defineProperty(HTMLMediaElement.prototype, 'play', { configurable: true, value: async () => undefined });
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', { configurable: true, set() {}, get: () => null });
    const root = open();
    expect(root.textContent).toContain('Quét mã QR do cán bộ cấp trên cấp');
    (root.querySelector('.scan button') as HTMLButtonElement).click();
    await until(
      () => (root.querySelector('input[name=code]') as HTMLInputElement).value === '2R4XFEXEW4',
      `the code: ${root.textContent}`,
    ).catch((e) => {
      throw new Error(`${e} ${root.innerHTML}`);
    });
    expect(stopped).toHaveBeenCalled();
    expect(root.querySelector('video')).toBeNull();
    Reflect.deleteProperty(navigator, 'mediaDevices');
  });
});
