import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder where each reliability test file leaves its counts (`<name>.json`) for the summary. */
    relctlCountsDir: string;
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** One fuzz property: file, test name and its `numRuns`. */
export interface FuzzProperty {
  file: string;
  numRuns: number;
}

/**
 * The fast-check properties of `packages/*\/src/**\/*.fuzz.test.ts` (they run in `npm test`, not
 * here) and their `numRuns`, read from the source: a number, or a `const NAME = <number>` of the file.
 */
export function fuzzProperties(root = ROOT): FuzzProperty[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.fuzz.test.ts')) files.push(full);
    }
  };
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', pkg, 'src');
    try {
      walk(src);
    } catch {
      // a package without src
    }
  }
  const found: FuzzProperty[] = [];
  for (const file of files.sort()) {
    const text = readFileSync(file, 'utf8');
    const constants = new Map([...text.matchAll(/const\s+([A-Z_][A-Z0-9_]*)\s*=\s*([\d_]+)\s*;/g)].map((m) => [m[1] as string, Number((m[2] as string).replace(/_/g, ''))]));
    for (const match of text.matchAll(/numRuns:\s*([A-Z_][A-Z0-9_]*|[\d_]+)/g)) {
      const value = match[1] as string;
      const runs = /^[\d_]+$/.test(value) ? Number(value.replace(/_/g, '')) : (constants.get(value) ?? Number.NaN);
      found.push({ file: relative(root, file), numRuns: runs });
    }
  }
  return found;
}

function line(label: string, text: string): string {
  return `  ${label.padEnd(12)} ${text}`;
}

/** The one summary block printed after every reliability file has finished. */
export function summaryBlock(mode: string, counts: Record<string, Record<string, number | string>>, seconds: number): string {
  const c = (file: string, key: string): number | string => counts[file]?.[key] ?? '–';
  const fuzz = fuzzProperties();
  const perFile = new Map<string, number>();
  for (const property of fuzz) perFile.set(property.file, (perFile.get(property.file) ?? 0) + property.numRuns);
  const fuzzTotal = fuzz.reduce((sum, property) => sum + property.numRuns, 0);
  const lines = [
    `===== relctl reliability summary (${mode} mode, ${seconds.toFixed(0)} s) =====`,
    line(
      'promotions',
      `${c('concurrent', 'rounds')} round(s) of ${c('concurrent', 'prodPromoters')}+${c('concurrent', 'testPromoters')} promoters: to prod attempted ${c('concurrent', 'attempted')}, landed ${c('concurrent', 'landed')}, lost ${c('concurrent', 'lostForGood')}` +
        ` (exit 5 after relctl's own retries ${c('concurrent', 'exit5')}, each run again and landed); to test attempted ${c('concurrent', 'testAttempted')}, landed ${c('concurrent', 'testLanded')}; pushes ${c('concurrent', 'attempts')}`,
    ),
    line(
      'atomic push',
      `isomorphic ${c('atomic-isomorphic', 'transactions')} / system ${c('atomic-system', 'transactions')} ref transaction(s) on origin per promotion (want 1 each)`,
    ),
    line(
      'kills',
      `injected ${c('crash', 'runs')} (SIGKILL ${c('crash', 'killed')}, finished before the kill ${c('crash', 'finishedFirst')}), recovered ${c('crash', 'recovered')}: ` +
        `ended in the before state ${c('crash', 'endedBefore')}, the after state ${c('crash', 'endedAfter')} (continue ${c('crash', 'continued')}, undo ${c('crash', 'undone')}, nothing to recover ${c('crash', 'clean')})`,
    ),
    line(
      'write kills',
      `injected ${c('crash-writes', 'runs')} inside object and worktree file writes and the push's tracking transaction (SIGKILL ${c('crash-writes', 'killed')}), recovered ${c('crash-writes', 'recovered')}: ` +
        `ended in the before state ${c('crash-writes', 'endedBefore')}, the after state ${c('crash-writes', 'endedAfter')} (continue ${c('crash-writes', 'continued')}, undo ${c('crash-writes', 'undone')})`,
    ),
    line(
      'deploy kills',
      `killed deploys injected ${c('killed-deploys', 'injected')} (SIGKILL in before / after hooks, left-over lock files), recovered ${c('killed-deploys', 'recovered')}; ` +
        `refused takeovers ${c('killed-deploys', 'refusals')}, of which wrote to the log ${c('killed-deploys', 'refusalsLogged')} (want 0)`,
    ),
    line(
      'disk full',
      `injected ${c('disk-faults', 'diskFullInjected')} ENOSPC write failures (objects, journal, refs, worktree, index, run state, tracking refs), recovered ${c('disk-faults', 'diskFullRecovered')}; ` +
        `file too large (EFBIG, ulimit -f) injected ${c('disk-faults', 'fileTooLargeInjected')}, recovered ${c('disk-faults', 'fileTooLargeRecovered')}; disk error (EIO) injected ${c('disk-faults', 'diskErrorInjected')}, recovered ${c('disk-faults', 'diskErrorRecovered')}`,
    ),
    line(
      'read-only',
      `injected ${c('disk-faults', 'readOnlyInjected')} EROFS write failures, recovered ${c('disk-faults', 'readOnlyRecovered')} ` +
        `(all disk faults: ended in the before state ${c('disk-faults', 'endedBefore')}, kept a run that continue finished ${c('disk-faults', 'endedAfter')})`,
    ),
    line(
      'refusals',
      `while a run is unfinished, and failed undos: isomorphic ${c('refusals-isomorphic', 'refusals')} / system ${c('refusals-system', 'refusals')} refused, ` +
        `${c('refusals-isomorphic', 'unchanged')} / ${c('refusals-system', 'unchanged')} with nothing changed here or on origin`,
    ),
    line('bad inputs', `${c('bad-input', 'cases')} tried, ${c('bad-input', 'passed')} refused with one line, the documented exit code and nothing changed`),
    line(
      'malformed log',
      `${c('records', 'malformedTried')} commit(s) on the shared log that are not relctl events tried (invalid JSON, unknown version, no trailer, non-list field), ${c('records', 'malformedHandled')} handled: read past with a warning, reported by doctor, healed in every clone by origin's repair`,
    ),
    line(
      'forced pushes',
      `${c('records', 'forcedTried')} environment branch(es) force-pushed back tried (env/test, main), ${c('records', 'forcedHandled')} handled: env/test rebuilt from the log, removed production commits not published again without a logged --republish`,
    ),
    line(
      'untrusted',
      `${c('untrusted', 'commands')} relctl runs on a hostile branch and with tokens; code from the branch run ${c('untrusted', 'markers')} time(s); token leaks ${c('untrusted', 'leaks')}`,
    ),
    line(
      'fuzz',
      `${fuzzTotal} cases per \`npm test\` in ${fuzz.length} fast-check properties: ${[...perFile].map(([file, runs]) => `${file.replace(/^packages\//, '')} ${runs}`).join(', ')}`,
    ),
    '='.repeat(60),
  ];
  return lines.join('\n');
}

/** vitest globalSetup: a fresh counts folder for this run, and the summary block at the end. */
export default function setup(project: TestProject): () => void {
  const base = join(tmpdir(), 'relctl-reliability-counts');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'run-'));
  project.provide('relctlCountsDir', dir);
  const started = Date.now();
  return () => {
    const counts: Record<string, Record<string, number | string>> = {};
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.json'))) {
      counts[name.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, number | string>;
    }
    const mode = process.env['RELCTL_RELIABILITY'] === 'long' ? 'long' : 'quick';
    process.stdout.write(`\n${summaryBlock(mode, counts, (Date.now() - started) / 1000)}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
