// The enrollment screen's QR scanner: the camera through getUserMedia, read by the browser's own
// BarcodeDetector (Chrome on Android has it). Loaded only when the person taps "scan".

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (options: { formats: string[] }) => Detector;

/** The enrollment code in what a QR code holds: the link's `?code=`, or the code itself. */
export function codeInQr(value: string): string | null {
  const trimmed = value.trim();
  try {
    const code = new URL(trimmed).searchParams.get('code');
    if (code) return code;
  } catch {
    // Not a link: a code alone.
  }
  return /^[A-Za-z0-9]{4,32}$/.test(trimmed) ? trimmed : null;
}

/**
 * Shows the back camera in `video` and reads until a QR code holding an enrollment code is seen,
 * then stops the camera. `stop()` ends it early. Rejects when the camera is refused or missing.
 */
export function scanQr(video: HTMLVideoElement): { code: Promise<string>; stop: () => void } {
  let stopped = false;
  let stream: MediaStream | null = null;
  const stop = () => {
    stopped = true;
    for (const track of stream?.getTracks() ?? []) track.stop();
    video.srcObject = null;
  };
  const code = (async () => {
    const Barcode = (window as unknown as { BarcodeDetector: DetectorClass }).BarcodeDetector;
    const detector = new Barcode({ formats: ['qr_code'] });
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    video.srcObject = stream;
    await video.play().catch(() => undefined);
    while (!stopped) {
      const found = await detector.detect(video).catch(() => []);
      for (const { rawValue } of found) {
        const code = codeInQr(rawValue);
        if (code) {
          stop();
          return code;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('stopped');
  })();
  code.catch(() => stop());
  return { code, stop };
}
