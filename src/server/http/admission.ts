/**
 * Load shedding for the sync endpoint: at most `maxInFlight` requests run at once and at most
 * `maxQueued` wait for a turn; any request past that is turned away at once (429 with Retry-After)
 * so that the requests taken keep a short latency however many phones reconnect together.
 */
export class AdmissionGate {
  private inFlight = 0;
  private readonly queue: (() => void)[] = [];
  // A moving average of how long one admitted request runs, to tell a phone when to come back.
  private averageMs = 200;

  constructor(
    private readonly maxInFlight: number,
    private readonly maxQueued: number,
  ) {}

  /** Runs `work` when a slot is free; returns null without running it when the server is full. */
  async run<T>(work: () => Promise<T>): Promise<{ value: T } | null> {
    if (this.inFlight >= this.maxInFlight) {
      if (this.queue.length >= this.maxQueued) return null;
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.inFlight++;
    }
    const started = Date.now();
    try {
      return { value: await work() };
    } finally {
      this.averageMs = this.averageMs * 0.9 + (Date.now() - started) * 0.1;
      // The slot passes straight to the next waiter, so inFlight only drops when none waits.
      const next = this.queue.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  /** True when a new request would be turned away now; lets a route refuse before reading a body. */
  isFull(): boolean {
    return this.inFlight >= this.maxInFlight && this.queue.length >= this.maxQueued;
  }

  /** Seconds a turned-away phone should wait: the time to drain what runs and waits now, at least 1. */
  retryAfterSeconds(): number {
    const drainMs = ((this.inFlight + this.queue.length) * this.averageMs) / Math.max(1, this.maxInFlight);
    return Math.min(60, Math.max(1, Math.ceil(drainMs / 1000)));
  }
}
