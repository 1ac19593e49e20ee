#!/usr/bin/env node
// What reading origin's truth costs: `relctl status` fetches relctl's refs from origin first.
// On the generated benchmark repository (bench/src/generate-repo.mjs) with a local bare origin
// holding the same refs (so the fetch has nothing to bring, the common case), in the same run:
//   plain git   `git fetch` with relctl's refspecs (what the fetch itself costs)
//   relctl      `status --offline` (no fetch: what status cost before it fetched)
//   relctl      `status` (fetch, then read through origin's refs)
//   before      `status` of another relctl build, e.g. main's bundle (--before <relctl.mjs>)
// The system backend (a path remote is git's, not isomorphic-git's).
//
//   npm run build && node bench/fetch-before-read.mjs [--commits 30000] [--runs 5] [--before /path/to/relctl.mjs]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configYaml, ensureRepo, gitEnv } from './src/generate-repo.mjs';
import { copyRepo, median, runMeasured } from './src/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'apps/cli/bundle/relctl.mjs');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
};
const commits = Number(option('commits', '30000'));
const runs = Number(option('runs', '5'));
const before = option('before', null);

const { dir } = await ensureRepo({ commits, files: 3000, requests: 200, onTest: 50, events: 10_000, seed: 1 }, (line) => console.log(line));
const work = mkdtempSync(join(tmpdir(), 'relctl-bench-fetch-'));
try {
  const origin = copyRepo(dir, join(work, 'origin.git'));
  const clone = copyRepo(dir, join(work, 'clone.git'));
  writeFileSync(join(clone, 'relctl.config.yaml'), configYaml().replace('remote: null', 'remote: origin'));
  const git = (args) => execFileSync('git', args, { cwd: clone, env: { ...process.env, ...gitEnv }, encoding: 'utf8' }).trim();
  git(['remote', 'add', 'origin', origin]);
  const fetchArgs = ['fetch', '--prune', '--tags', '--force', '--quiet', 'origin', '+refs/heads/*:refs/remotes/origin/*', '+refs/relctl/*:refs/remotes/origin/relctl/*'];
  git(fetchArgs);
  const env = { ...process.env, ...gitEnv, NO_COLOR: '1', RELCTL_GIT_BACKEND: 'system' };
  const rows = [
    { label: "plain git: git fetch (up to date, relctl's refspecs)", file: 'git', args: fetchArgs },
    { label: 'relctl status --offline (no fetch)', file: process.execPath, args: [BIN, 'status', '--offline'] },
    { label: 'relctl status (fetch, then read)', file: process.execPath, args: [BIN, 'status'] },
    ...(before ? [{ label: `before: ${before} status`, file: process.execPath, args: [before, 'status'] }] : []),
  ];
  console.log(
    `${commits} commits, 200 requests, origin a local bare copy (up to date); median of ${runs} interleaved runs after one warm-up; load ${(await import('node:os'))
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  // Interleaved (one run of each row per round), so a change of machine load hits every row alike.
  for (const row of rows) runMeasured(row.file, row.args, { cwd: clone, env, timeoutMs: 120_000 });
  const times = rows.map(() => []);
  for (let i = 0; i < runs; i += 1) {
    rows.forEach((row, index) => {
      const result = runMeasured(row.file, row.args, { cwd: clone, env, timeoutMs: 120_000 });
      if (result.status !== 0) throw new Error(`${row.label} failed:\n${result.stderr}`);
      times[index].push(result.ms);
    });
  }
  rows.forEach((row, index) => console.log(`  ${row.label.padEnd(60)} ${String(Math.round(median(times[index]))).padStart(6)} ms`));
} finally {
  rmSync(work, { recursive: true, force: true });
}
