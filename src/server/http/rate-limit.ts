/**
 * A fixed-window counter per key, in memory. Each instance limits on its own: behind a load
 * balancer the effective limit is per instance, which is enough to stop one runaway phone.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  /** Counts a hit; returns the seconds to wait when the key is over its limit, else 0. */
  hit(key: string): number {
    const t = this.now().getTime();
    if (this.windows.size > 100_000) this.prune(t);
    const window = this.windows.get(key);
    if (!window || window.resetAt <= t) {
      this.windows.set(key, { count: 1, resetAt: t + this.windowMs });
      return 0;
    }
    window.count++;
    return window.count > this.max ? Math.max(1, Math.ceil((window.resetAt - t) / 1000)) : 0;
  }

  /** Seconds to wait if the key is already over its limit, without counting a hit. */
  check(key: string): number {
    const t = this.now().getTime();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= t || window.count < this.max) return 0;
    return Math.max(1, Math.ceil((window.resetAt - t) / 1000));
  }

  private prune(t: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= t) this.windows.delete(key);
  }
}
