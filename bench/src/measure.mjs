// Running one measured command: wall time (around the child, process start included) and the
// child's peak resident memory.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M %U %S', 'true'], { encoding: 'utf8' }).status === 0;
const hasTimeout = spawnSync('timeout', ['1', 'true']).status === 0;
const RSS_PRELOAD = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));

/** How peak memory is measured on this machine (for the report). */
export const memoryMethod = hasGnuTime
  ? '`/usr/bin/time -f "%M %U %S"` (max RSS of the command and the children it waited for: the largest single process, not a sum)'
  : '`process.resourceUsage().maxRSS` in the relctl process (plain git scripts: not measured)';

/**
 * Run `command args` in `cwd`; returns `{ ms, rssMb, cpuMs, status, stdout, stderr, timedOut }`.
 * `cpuMs` is user + system CPU time of the command and its children (GNU time only); `rssMb` and
 * `cpuMs` are null when they cannot be measured. stdout is kept (for checks), never printed. With
 * `timeoutMs`, coreutils `timeout` ends the command (exit 124).
 */
export function runMeasured(command, args, { cwd, env, timeoutMs }) {
  const scratch = mkdtempSync(join(tmpdir(), 'relctl-bench-run-'));
  const rssFile = join(scratch, 'rss');
  try {
    let file = command;
    let argv = args;
    if (timeoutMs && hasTimeout) {
      file = 'timeout';
      argv = [`${Math.ceil(timeoutMs / 1000)}`, command, ...args];
    }
    let childEnv = env;
    if (hasGnuTime) {
      argv = ['-f', '%M %U %S', '-o', rssFile, file, ...argv];
      file = GNU_TIME;
    } else if (command === process.execPath) {
      childEnv = { ...env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import=${RSS_PRELOAD}`.trim() };
    }
    const started = performance.now();
    const child = spawnSync(file, argv, { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = performance.now() - started;
    let rssMb = null;
    let cpuMs = null;
    if (existsSync(rssFile)) {
      const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
      const [kb, user, sys] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
      if (Number.isFinite(kb) && kb > 0) rssMb = kb / 1024;
      if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user + sys) * 1000;
    }
    return { ms, rssMb, cpuMs, status: child.status, stdout: child.stdout ?? '', stderr: child.stderr ?? '', timedOut: Boolean(timeoutMs && hasTimeout && child.status === 124) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Median of numbers (the lower middle for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * A private copy of a bare repository for one run of a writing workload: object files are
 * hard-linked (git never rewrites them in place), everything else (refs, config, relctl's
 * caches and run state) is copied.
 */
export function copyRepo(source, target) {
  rmSync(target, { recursive: true, force: true });
  const walk = (from, to, linking) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const a = join(from, entry.name);
      const b = join(to, entry.name);
      if (entry.isDirectory()) walk(a, b, linking || entry.name === 'objects');
      else if (linking && !entry.name.endsWith('.lock')) linkSync(a, b);
      else copyFileSync(a, b);
    }
  };
  walk(source, target, false);
  return target;
}

/** Size of a folder in MB (the pack, for the report). */
export function folderMb(dir) {
  let bytes = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else bytes += statSync(p).size;
    }
  };
  walk(dir);
  return bytes / (1 << 20);
}
