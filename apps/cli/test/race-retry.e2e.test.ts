import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteRaceError } from '@relctl/core';
import { openContext, withRemoteRetry } from '@relctl/engine/internal';
import type { Io } from '../src/io.js';
import { printEngineEvent } from '../src/output/print-engine-event.js';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

/**
 * A writing command that keeps losing push races (issue 16, "a busy day"): it retries within a
 * time budget, not a count, says so on stderr while it waits (nothing with --json), and stops with
 * exit 5 naming the budget when it runs out. The body stands in for a command whose push lost:
 * everything around it (fetch, rollback, the waits) is the real thing, against an HTTP origin.
 */
describe('withRemoteRetry: a time budget, not a count', () => {
  let repo: StoryRepo;
  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
  }, 180_000);
  afterAll(async () => repo?.remove());

  async function loseRaces(options: { losses: number; env?: Record<string, string>; json?: boolean; attemptMs?: number }) {
    const stderr: string[] = [];
    // With attemptMs, a clock that only the attempts move: each "takes" that long.
    let clock = 1_000_000;
    const io: Io = {
      cwd: repo.dir,
      env: { ...process.env, ...options.env },
      stdout: () => undefined,
      stderr: (text) => stderr.push(text),
      isTTY: false,
      now: options.attemptMs === undefined ? () => Date.now() : () => clock,
    };
    // As the CLI opens it: the engine's events printed as the CLI prints them.
    const context = await openContext({ io, onEvent: printEngineEvent(io), json: options.json === true });
    let attempts = 0;
    try {
      const outcome = await withRemoteRetry(context, false, async () => {
        attempts += 1;
        clock += options.attemptMs ?? 0;
        if (attempts <= options.losses) throw new RemoteRaceError('origin moved main', { ref: 'refs/heads/main' });
        return 'landed';
      });
      return { outcome, attempts, stderr };
    } catch (error) {
      return { error, attempts, stderr };
    } finally {
      context.close();
    }
  }

  it('retries past 5 lost races (the old count) and shows each wait: attempt, wait and budget left', async () => {
    const result = await loseRaces({ losses: 6 });
    expect(result).toMatchObject({ outcome: 'landed', attempts: 7 });
    expect(result.stderr).toHaveLength(6);
    result.stderr.forEach((line, index) => expect(line).toMatch(new RegExp(`^note: origin moved; retrying in \\d+\\.\\d s \\(attempt ${index + 2}, \\d+ s left\\)\\.\\n$`)));
  }, 120_000);

  it('prints no progress with --json', async () => {
    const result = await loseRaces({ losses: 2, json: true });
    expect(result).toMatchObject({ outcome: 'landed', attempts: 3, stderr: [] });
  }, 120_000);

  it('stops when the time budget is spent (after at least 5 attempts), exit 5, naming the budget and how to give more', async () => {
    // Each attempt "takes" 50 s on this clock: over the 120 s budget after the 3rd, but 5 attempts are always made (the old count).
    const result = await loseRaces({ losses: 99, attemptMs: 50_000 });
    expect(result.attempts).toBe(5);
    expect(result.error).toBeInstanceOf(RemoteRaceError);
    expect((result.error as RemoteRaceError).exitCode).toBe(5);
    expect((result.error as Error).message).toMatch(
      /^origin kept moving while relctl pushed \(5 attempts in 250 s, retry budget 120 s\); nothing changed here or there\. Run the command again, or give it longer with push\.retrySeconds in the config or RELCTL_RETRY_SECONDS\.$/,
    );
    expect((result.error as RemoteRaceError).data).toMatchObject({ ref: 'refs/heads/main', attempts: 5, retrySeconds: 120 });
  }, 120_000);

  it('RELCTL_RETRY_SECONDS=0 turns retrying off: the first lost race is exit 5', async () => {
    const result = await loseRaces({ losses: 1, env: { RELCTL_RETRY_SECONDS: '0' } });
    expect(result.attempts).toBe(1);
    expect((result.error as Error).message).toMatch(/^origin kept moving while relctl pushed \(1 attempt in \d+ s, retry budget 0 s\)/);
    expect(result.stderr).toEqual([]);
  }, 120_000);
});
