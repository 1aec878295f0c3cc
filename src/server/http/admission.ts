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
  // Phones turned away in the current and the last second: about how many wait to come back.
  private second = 0;
  private refusedNow = 0;
  private refusedBefore = 0;

  constructor(
    private readonly maxInFlight: number,
    private readonly maxQueued: number,
    private readonly random: () => number = Math.random,
    private readonly clock: () => number = Date.now,
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

  /**
   * Seconds a turned-away phone should wait, counted as one more refusal. Phones turned away are
   * spread at random over the time the server needs to serve them all (those waiting now plus
   * those refused lately, at the rate it serves), so that they come back about as fast as it
   * serves instead of all together again; at least 1, at most 120.
   */
  retryAfterSeconds(): number {
    const second = Math.floor(this.clock() / 1000);
    if (second !== this.second) {
      this.refusedBefore = second === this.second + 1 ? this.refusedNow : 0;
      this.refusedNow = 0;
      this.second = second;
    }
    this.refusedNow++;
    const perSecond = (1000 * Math.max(1, this.maxInFlight)) / Math.max(1, this.averageMs);
    const waiting = this.inFlight + this.queue.length + Math.max(this.refusedNow, this.refusedBefore);
    // Phones add their own jitter (up to the wait again), so half the drain time spreads them over all of it.
    const spread = Math.min(120, waiting / perSecond / 2);
    return Math.min(120, Math.max(1, Math.ceil(this.random() * spread)));
  }
}
