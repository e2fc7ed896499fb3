import type { BreakerSettings } from '../shared/platform/config';

/** closed: calls go through; open: refused at once; half-open: the cool-down is over, one probe call goes through. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** What a caller may do now: call (closed), call as the one probe (half-open), or give up at once. */
export type BreakerPermit = { allowed: true; probe: boolean } | { allowed: false; retryAfterMs: number };

/**
 * A circuit breaker for one subgraph at the gateway (docs/operations.md, "A subgraph that hangs").
 * `failures` failed or timed-out calls in a row open it; while open every call is refused at once
 * (the gateway answers the other subgraphs' data and SERVICE_UNAVAILABLE for this one's fields,
 * instead of waiting out the timeout again); after `cooldownMs` one call goes through as a probe:
 * it closes the breaker when it succeeds, opens it for another cool-down when it fails. Calls
 * refused while the probe is out do not wait for it.
 *
 * Hand-written rather than opossum: opossum opens on an error percentage over a rolling time
 * window (not on failures in a row), and brings its own timeout and statistics, which the
 * fetcher's AbortSignal deadline already covers. This is the whole state machine.
 */
export class CircuitBreaker {
  private failuresInARow = 0;
  /** When the breaker last opened (ms since the epoch), or null while closed. */
  private openedAt: number | null = null;
  private probeOut = false;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.settings.cooldownMs ? 'half-open' : 'open';
  }

  /** Asks to make a call; a permitted call must end in `succeeded()` or `failed()`. */
  permit(): BreakerPermit {
    if (this.settings.failures === 0) return { allowed: true, probe: false };
    const state = this.state;
    if (state === 'closed') return { allowed: true, probe: false };
    if (state === 'half-open' && !this.probeOut) {
      this.probeOut = true;
      return { allowed: true, probe: true };
    }
    // Open, or half-open with its probe still out (the probe's own timeout bounds that).
    return { allowed: false, retryAfterMs: Math.max(0, (this.openedAt ?? 0) + this.settings.cooldownMs - this.now()) };
  }

  /** The subgraph answered: the breaker closes and the count starts again. */
  succeeded(): void {
    this.failuresInARow = 0;
    this.openedAt = null;
    this.probeOut = false;
  }

  /** The call failed or timed out: opens the breaker at the threshold, and again after a failed probe. */
  failed(): void {
    this.failuresInARow += 1;
    if (this.settings.failures === 0) return;
    if (this.probeOut || this.failuresInARow >= this.settings.failures) {
      this.openedAt = this.now();
      this.probeOut = false;
    }
  }
}
