/** A place taken at the gate: `ready` when it may run; `leave()` gives the place back. */
export interface Turn {
  readonly ready: Promise<void>;
  leave(): void;
}

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

  /**
   * Takes a place: a slot now, or one in the queue; null when both are full. A route takes it when
   * a request arrives, before it reads the body: a herd's requests then wait or are turned away
   * before thousands of bodies are unzipped and parsed. `leave` gives the place back (again is a
   * no-op; before its turn it only leaves the queue).
   */
  enter(): Turn | null {
    let running = false;
    let left = false;
    let started = 0;
    let wake: (() => void) | null = null;
    let ready: Promise<void>;
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      running = true;
      started = Date.now();
      ready = Promise.resolve();
    } else if (this.queue.length < this.maxQueued) {
      ready = new Promise<void>((resolve) => {
        wake = () => {
          running = true;
          started = Date.now();
          resolve();
        };
        this.queue.push(wake);
      });
    } else {
      return null;
    }
    const leave = () => {
      if (left) return;
      left = true;
      if (!running) {
        const at = this.queue.indexOf(wake!);
        if (at >= 0) this.queue.splice(at, 1);
        return;
      }
      this.averageMs = this.averageMs * 0.9 + (Date.now() - started) * 0.1;
      // The slot passes straight to the next waiter, so inFlight only drops when none waits.
      const next = this.queue.shift();
      if (next) next();
      else this.inFlight--;
    };
    return { ready, leave };
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
