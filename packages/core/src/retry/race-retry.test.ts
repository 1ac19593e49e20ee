import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SECONDS, describeRaceRetry, raceRetry } from './race-retry.js';

const budgetMs = DEFAULT_RETRY_SECONDS * 1000;

describe('raceRetry', () => {
  it('retries a lost race within the budget, with the next attempt number and what is left after the wait', () => {
    expect(raceRetry({ lostAttempt: 1, elapsedMs: 900, budgetMs, random: 0.5 })).toEqual({ retry: true, attempt: 2, waitMs: 125, leftMs: 118_975 });
  });

  it('is not bounded by a count: the 40th lost race still retries while the budget lasts', () => {
    const next = raceRetry({ lostAttempt: 40, elapsedMs: 60_000, budgetMs, random: 0.99 });
    expect(next).toMatchObject({ retry: true, attempt: 41 });
  });

  it('backs off exponentially: the longest wait doubles per lost race from 250 ms, capped at 4 s', () => {
    const longest = [1, 2, 3, 4, 5, 6, 7, 12, 100].map((lostAttempt) => {
      const next = raceRetry({ lostAttempt, elapsedMs: 0, budgetMs, random: 1 });
      return next.retry ? next.waitMs : null;
    });
    expect(longest).toEqual([250, 500, 1_000, 2_000, 4_000, 4_000, 4_000, 4_000, 4_000]);
  });

  it('jitters the whole wait (full jitter): from 0 up to the ceiling, as random says', () => {
    const waits = [0, 0.25, 0.999].map((random) => raceRetry({ lostAttempt: 4, elapsedMs: 0, budgetMs, random }));
    expect(waits.map((next) => (next.retry ? next.waitMs : null))).toEqual([0, 500, 1_998]);
  });

  it('clamps a random number outside [0, 1]', () => {
    expect(raceRetry({ lostAttempt: 2, elapsedMs: 0, budgetMs, random: 7 })).toMatchObject({ waitMs: 500 });
    expect(raceRetry({ lostAttempt: 2, elapsedMs: 0, budgetMs, random: -1 })).toMatchObject({ waitMs: 0 });
  });

  it('retries at least 5 attempts (the old count) even when a slow machine spent the budget on fewer', () => {
    expect(raceRetry({ lostAttempt: 1, elapsedMs: 160_000, budgetMs, random: 0 })).toEqual({ retry: true, attempt: 2, waitMs: 0, leftMs: 0 });
    expect(raceRetry({ lostAttempt: 4, elapsedMs: 600_000, budgetMs, random: 0 })).toMatchObject({ retry: true, attempt: 5 });
    expect(raceRetry({ lostAttempt: 5, elapsedMs: 600_000, budgetMs, random: 0 })).toEqual({ retry: false, attempts: 5, elapsedMs: 600_000 });
  });

  it('stops when the budget is spent, or when the wait would end at or after it', () => {
    expect(raceRetry({ lostAttempt: 9, elapsedMs: 120_000, budgetMs, random: 0 })).toEqual({ retry: false, attempts: 9, elapsedMs: 120_000 });
    expect(raceRetry({ lostAttempt: 9, elapsedMs: 118_000, budgetMs, random: 0.5 })).toEqual({ retry: false, attempts: 9, elapsedMs: 118_000 });
    expect(raceRetry({ lostAttempt: 9, elapsedMs: 117_000, budgetMs, random: 0.5 })).toEqual({ retry: true, attempt: 10, waitMs: 2_000, leftMs: 1_000 });
  });

  it('never retries with a budget of 0 (retrying turned off)', () => {
    expect(raceRetry({ lostAttempt: 1, elapsedMs: 0, budgetMs: 0, random: 0 })).toEqual({ retry: false, attempts: 1, elapsedMs: 0 });
  });
});

describe('describeRaceRetry', () => {
  it('says what moved, how long the wait is, which attempt comes and how much budget is left', () => {
    expect(describeRaceRetry('origin', { retry: true, attempt: 4, waitMs: 1_230, leftMs: 38_400 })).toBe('origin moved; retrying in 1.2 s (attempt 4, 38 s left)');
  });
});
