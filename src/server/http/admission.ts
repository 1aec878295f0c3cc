/**
 * Load shedding for the sync endpoint: at most `maxInFlight` requests run at once and at most
 * `maxQueued` wait for a turn; any request past that is turned away at once (429 with Retry-After)
 * so that the requests taken keep a short latency however many phones reconnect together.
 */
export class AdmissionGate {
  private inFlight = 0;
  private readonly queue: (() => void)[] = [];
  // A moving average of how long one admitted request runs, to tell a phone when to come back.
  // Before any has finished it is a guess, optimistic on purpose: a herd is booked in its first
  // second, all from this guess. A phone told to come back too soon costs one more 429, answered
  // before its body is read; phones told too late leave the server idle (3,321 phones booked at a
  // 200 ms guess took 95 s to sync where the server needed 45 s).
  private averageMs = 50;
  // Phones told to come back, per second (of the clock) they were told to come back in.
  private readonly booked = new Map<number, number>();

  constructor(
    private readonly maxInFlight: number,
    private readonly maxQueued: number,
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
   * Seconds a turned-away phone should wait, booking it a turn: the server serves about
   * maxInFlight / averageMs requests a second (Little's law, while it is full), so each second from
   * now takes at most that many returning phones after those already admitted; the phone is given
   * the first second with room. Phones come back about as fast as they can be served and are turned
   * away about once, instead of all together again. A phone not yet told, or one that finds the
   * server full all the same, is turned away again (cheaply: before its body is read) and booked
   * later; booking only 90 % of the rate, to leave room for them, made a herd take a tenth longer.
   * At least 1, at most 120.
   */
  retryAfterSeconds(): number {
    const second = Math.floor(this.clock() / 1000);
    for (const booked of this.booked.keys()) if (booked <= second) this.booked.delete(booked);
    const perSecond = (1000 * Math.max(1, this.maxInFlight)) / Math.max(1, this.averageMs);
    const room = Math.max(1, Math.floor(perSecond));
    let wait = Math.max(1, Math.ceil((this.inFlight + this.queue.length) / perSecond));
    while (wait < 120 && (this.booked.get(second + wait) ?? 0) >= room) wait++;
    this.booked.set(second + wait, (this.booked.get(second + wait) ?? 0) + 1);
    return wait;
  }
}
