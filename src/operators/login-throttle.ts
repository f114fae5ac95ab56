import type { Clock } from "../lib/clock.js";
import { MINUTE } from "../lib/clock.js";
import { AppError } from "../lib/errors.js";

/** Failed sign-ins allowed per key inside the window before further attempts are refused. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * MINUTE;
/** Bound on remembered keys, so a flood of random emails cannot grow memory without limit. */
const MAX_KEYS = 10_000;

/**
 * Counts failed sign-ins per key (client IP + lower-cased email) in a sliding window.
 * In memory on purpose: one process serves the admin, and a restart forgetting counts is acceptable.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Throws RATE_LIMITED (with the wait in the message) when `key` used up its failures. */
  assertAllowed(key: string): void {
    const recent = this.recent(key);
    if (recent.length < LOGIN_MAX_FAILURES) return;
    const retryAfterMs = recent[0]! + LOGIN_WINDOW_MS - this.clock.now();
    const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
    );
  }

  /** Seconds until `key` may try again (0 when allowed now). */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < LOGIN_MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil((recent[0]! + LOGIN_WINDOW_MS - this.clock.now()) / 1000));
  }

  /** Records one failed attempt. */
  fail(key: string): void {
    if (this.failures.size >= MAX_KEYS && !this.failures.has(key)) this.sweep();
    this.failures.set(key, [...this.recent(key), this.clock.now()]);
  }

  /** Forgets a key after a successful sign-in. */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - LOGIN_WINDOW_MS;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  /** Drops expired keys; if still full, the oldest keys go first (Map keeps insertion order). */
  private sweep(): void {
    for (const key of [...this.failures.keys()]) if (this.recent(key).length === 0) this.failures.delete(key);
    for (const key of this.failures.keys()) {
      if (this.failures.size < MAX_KEYS) break;
      this.failures.delete(key);
    }
  }
}
