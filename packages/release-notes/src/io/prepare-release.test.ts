import { describe, expect, it } from 'vitest';
import { UsageError, type GitPort } from '@relctl/core';
import { prepareRelease } from './prepare-release.js';

/** A git port that fails the test if touched: input is checked before any IO. */
const untouchable = new Proxy({} as GitPort, {
  get(_target, name) {
    throw new Error(`git.${String(name)} must not be called`);
  },
});

describe('prepareRelease input', () => {
  const input = { git: untouchable, commit: 'a'.repeat(40), requestIds: ['A'], tagPrefix: 'v', date: '2026-01-15' };

  it.each([
    [{ requestIds: [] }, 'at least one request'],
    [{ requestIds: ['A', 'A'] }, 'request A is named twice'],
    [{ requestIds: ['../etc'] }, 'is not a request id'],
    [{ tagPrefix: 'v 1' }, 'is not a usable tag prefix'],
    [{ tagPrefix: 'rel/../v' }, 'is not a usable tag prefix'],
    [{ date: '15.01.2026' }, 'pass it as YYYY-MM-DD'],
  ])('refuses %j before touching git', async (change, message) => {
    const error = await prepareRelease({ ...input, ...change }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(message);
  });
});
