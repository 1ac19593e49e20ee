import { mkdirSync, writeFileSync } from 'node:fs';
import { inject } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `RELCTL_RELIABILITY=long` selects the long mode; anything else is the quick mode CI runs. */
export const LONG = process.env['RELCTL_RELIABILITY'] === 'long';

/** How much each reliability test does in the current mode. */
const BASE = LONG
  ? { name: 'long', prodPromoters: 8, testPromoters: 2, rounds: 20, crashRuns: 200, objectKills: 40 }
  : // Quick (CI, under 5 minutes): one round per backend, every fault point once plus 7 random kills;
    // every fault point of the push's tracking transaction once, 4 kills inside object writes, 3 inside worktree files and the index.
    { name: 'quick', prodPromoters: 3, testPromoters: 1, rounds: 2, crashRuns: 20, objectKills: 4 };
/**
 * `RELCTL_RELIABILITY_ROUNDS` / `RELCTL_RELIABILITY_CRASH_RUNS` / `RELCTL_RELIABILITY_OBJECT_KILLS`
 * override the mode's counts (for a focused rerun); `RELCTL_RELIABILITY_CASES=141,193` runs only
 * those crash cases (numbered as in a full run, so a seed replays them).
 */
export const MODE = {
  ...BASE,
  rounds: Number(process.env['RELCTL_RELIABILITY_ROUNDS'] ?? BASE.rounds),
  crashRuns: Number(process.env['RELCTL_RELIABILITY_CRASH_RUNS'] ?? BASE.crashRuns),
  objectKills: Number(process.env['RELCTL_RELIABILITY_OBJECT_KILLS'] ?? BASE.objectKills),
  cases: process.env['RELCTL_RELIABILITY_CASES'] ? new Set(process.env['RELCTL_RELIABILITY_CASES'].split(',').map((n) => Number(n.trim()))) : null,
};

/** One line of the counts a test reports (collected by `report`). */
export function report(line: string): void {
  process.stdout.write(`[reliability:${MODE.name}] ${line}\n`);
}

/**
 * Keep the full output of a run that showed a problem in `<tmp>/relctl-reliability-logs/<name>.txt`
 * (the temp repositories are removed); returns the path, for the failure message.
 */
export function keepLog(name: string, text: string): string {
  const dir = join(tmpdir(), 'relctl-reliability-logs');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.txt`);
  writeFileSync(path, text);
  return path;
}

/**
 * Leave this file's counts for the summary block the run prints at its end
 * (`support/summary.ts`, the suite's globalSetup); a no-op when run without it.
 */
export function saveCounts(name: string, counts: Record<string, number | string>): void {
  let dir: string | undefined;
  try {
    dir = inject('relctlCountsDir');
  } catch {
    dir = undefined;
  }
  if (dir) writeFileSync(join(dir, `${name}.json`), JSON.stringify(counts));
}
