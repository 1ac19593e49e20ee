/**
 * How long a writing command keeps retrying after losing a push race, by default: two minutes.
 * Each race has one winner, so with n promoters at once the last one needs n attempts; a count
 * is the wrong bound (8 promoters exhausted 5 attempts), a time budget is not.
 *
 * @example
 * ```ts
 * DEFAULT_RETRY_SECONDS; // 120
 * ```
 */
export const DEFAULT_RETRY_SECONDS = 120;

/**
 * The largest `push.retrySeconds` (an hour): beyond that a CI job is better rerun.
 *
 * @example
 * ```ts
 * if (seconds > MAX_RETRY_SECONDS) throw new UsageError(`push.retrySeconds is at most ${MAX_RETRY_SECONDS}.`, {});
 * ```
 */
export const MAX_RETRY_SECONDS = 3_600;

/**
 * However slow the machine, a lost race is retried until this many attempts (the old fixed
 * count) even when they took longer than the budget: one attempt can take minutes on an
 * overloaded CI runner, and a budget spent by a single slow attempt would otherwise give up
 * sooner than the count did.
 *
 * @example
 * ```ts
 * MIN_RACE_ATTEMPTS; // 5: the fifth lost race is retried even after the budget ran out
 * ```
 */
export const MIN_RACE_ATTEMPTS = 5;

/** The wait before the second attempt is random up to this, doubling per lost race… */
const FIRST_WAIT_MS = 250;
/** …up to this ceiling (a loser should come back while its plan is still likely to win). */
const MAX_WAIT_MS = 4_000;

/**
 * Where a command stands after one of its attempts lost a push race.
 *
 * @example
 * ```ts
 * const input: RaceRetryInput = { lostAttempt: 3, elapsedMs: 4_200, budgetMs: 120_000, random: Math.random() };
 * ```
 */
export interface RaceRetryInput {
  /** The attempt that just lost, counting from 1. */
  lostAttempt: number;
  /** Milliseconds since the command's first attempt started. */
  elapsedMs: number;
  /** The retry budget in milliseconds (`push.retrySeconds` x 1000); 0 turns retrying off. */
  budgetMs: number;
  /** A random number in [0, 1), for the jitter (passed in: the core has no randomness of its own). */
  random: number;
}

/**
 * What to do next: wait `waitMs` and start attempt `attempt` (with `leftMs` of the budget left
 * after the wait), or stop — the budget is spent, or the wait would end after it.
 *
 * @example
 * ```ts
 * const next: RaceRetry = { retry: true, attempt: 4, waitMs: 1_200, leftMs: 38_000 };
 * ```
 */
export type RaceRetry = { retry: true; attempt: number; waitMs: number; leftMs: number } | { retry: false; attempts: number; elapsedMs: number };

/**
 * Decide whether to retry after a lost push race, and how long to wait first: exponential
 * backoff with full jitter (random between 0 and 250 ms x 2^(lost-1), capped at 4 s), within
 * the time budget — and, unless retrying is off (budget 0), for at least
 * {@link MIN_RACE_ATTEMPTS} attempts however long they took. Full jitter: losers of the same race that came back at the same moment would
 * race each other again; a random wait spreads them so the next race has fewer runners.
 *
 * @example
 * ```ts
 * raceRetry({ lostAttempt: 1, elapsedMs: 900, budgetMs: 120_000, random: 0.5 }); // { retry: true, attempt: 2, waitMs: 125, leftMs: 118_975 }
 * raceRetry({ lostAttempt: 9, elapsedMs: 119_000, budgetMs: 120_000, random: 0.5 }); // { retry: false, attempts: 9, elapsedMs: 119_000 }
 * ```
 */
export function raceRetry(input: RaceRetryInput): RaceRetry {
  const { lostAttempt, elapsedMs, budgetMs } = input;
  const random = Math.min(Math.max(input.random, 0), 1);
  const ceiling = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(Math.max(lostAttempt - 1, 0), 16));
  const waitMs = Math.round(random * ceiling);
  const leftMs = budgetMs - elapsedMs - waitMs;
  // An attempt starts only inside the budget; one that would start at its very end is not worth the wait.
  const floor = budgetMs > 0 && lostAttempt < MIN_RACE_ATTEMPTS;
  if (leftMs <= 0 && !floor) return { retry: false, attempts: lostAttempt, elapsedMs };
  return { retry: true, attempt: lostAttempt + 1, waitMs, leftMs: Math.max(leftMs, 0) };
}

/**
 * The progress note a command prints while it waits to retry, e.g.
 * `origin moved; retrying in 1.2 s (attempt 4, 38 s left)`.
 *
 * @example
 * ```ts
 * describeRaceRetry('origin', { retry: true, attempt: 4, waitMs: 1_230, leftMs: 38_400 }); // 'origin moved; retrying in 1.2 s (attempt 4, 38 s left)'
 * ```
 */
export function describeRaceRetry(remote: string, next: Extract<RaceRetry, { retry: true }>): string {
  return `${remote} moved; retrying in ${(next.waitMs / 1000).toFixed(1)} s (attempt ${next.attempt}, ${Math.floor(next.leftMs / 1000)} s left)`;
}
