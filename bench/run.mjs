#!/usr/bin/env node
// relctl benchmarks against plain git, in the same run, on generated repositories.
//
//   node bench/run.mjs [--quick] [--sizes 30000,100000] [--runs 3] [--write-runs 1]
//                      [--only status,log] [--impl isomorphic,system,plain] [--no-port-ops]
//                      [--profile status] [--timeout 300] [--json results.json] [--seed 1]
//   node bench/run.mjs --report results.json  print the tables of a saved run again
//
// Needs the built CLI: `npm run build` (tsc, then the esbuild bundle). See bench/README.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRepo, gitEnv } from './src/generate-repo.mjs';
import { copyRepo, folderMb, median, memoryMethod, runMeasured } from './src/measure.mjs';
import { summarizeProfile } from './src/profile.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The relctl users run (the esbuild bundle); --profile (time by package) needs the unbundled tsc
// build, whose modules keep their own files.
const BIN = join(ROOT, process.argv.includes('--profile') ? 'apps/cli/dist/bin.js' : 'apps/cli/bundle/relctl.mjs');
const PLAIN = join(ROOT, 'bench/src/plain');
const PORT_OPS = join(ROOT, 'bench/src/port-ops.mjs');
const IMPLS = ['plain', 'system', 'isomorphic']; // run order; plain first: its rebuilt tree is the reference

// ---- options ---------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
};
if (flag('help')) {
  console.log(readmeUsage());
  process.exit(0);
}
let quick = flag('quick');
let sizes = option('sizes', quick ? '30000' : '30000,100000')
  .split(',')
  .map(Number);
let runs = Number(option('runs', quick ? '1' : '3'));
let writeRuns = Number(option('write-runs', '1'));
let timeoutMs = Number(option('timeout', quick ? '30' : '300')) * 1000;
const only = option('only', '').split(',').filter(Boolean);
const impls = option('impl', IMPLS.join(',')).split(',').filter(Boolean);
const portOps = quick ? flag('port-ops') : !flag('no-port-ops');
const profileWorkload = option('profile', null);
const jsonOut = option('json', null);
const reportFile = option('report', null);
const seed = Number(option('seed', '1'));
const params = (commits) => ({ commits, files: 3000, requests: 200, onTest: 50, events: 10_000, seed });

if (!reportFile && (!existsSync(BIN) || !existsSync(join(ROOT, 'packages/git/dist/index.js')))) {
  console.error('relctl is not built: run `npm run build` first.');
  process.exit(2);
}

const env = { ...gitEnv, NO_COLOR: '1', FORCE_COLOR: '0' };
const benchStart = performance.now();
const loads = [];
const sampleLoad = (when) =>
  loads.push({
    when,
    load: loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  });

// ---- workloads -------------------------------------------------------------------------------
/** The tree of the rebuilt env/test by repository size, from the first implementation that ran. */
const rebuiltTrees = {};
/**
 * Each workload: the relctl command (run with RELCTL_GIT_BACKEND=isomorphic and =system), the
 * plain-git script doing the same plumbing, whether it writes (then every run gets a fresh copy
 * of the repository), a setup for that copy, and a check of the result.
 */
const WORKLOADS = [
  {
    name: 'startup',
    label: 'start-up only: relctl --help / git version',
    reference: true,
    relctl: () => ['--help'],
    plain: () => ['version.sh'],
    check: () => null,
  },
  {
    name: 'status',
    label: 'status (200 requests x 2 envs)',
    relctl: () => ['status'],
    plain: () => ['status.sh'],
    check: ({ stdout }, m) => (stdout.includes(m.requests[m.requests.length - 1].id) ? null : 'last request missing from the output'),
  },
  {
    name: 'status-batched',
    label: 'status, plain git with one for-each-ref --merged',
    plainOnly: true,
    reference: true,
    plainEnv: { BATCH: '1' },
    plain: () => ['status.sh'],
    check: ({ stdout }, m) => (stdout.includes(m.requests[m.requests.length - 1].id) ? null : 'last request missing from the output'),
  },
  {
    name: 'rebuild',
    label: 'rebuild test: promote 50 --to test',
    writes: true,
    setup: (dir, m) => git(dir, ['update-ref', m.moved.ref, m.moved.to, m.moved.from]),
    relctl: (m) => ['promote', ...m.testOrder, '--to', 'test'],
    plain: (m) => ['rebuild.sh', ...m.testOrder],
    check: (_, m, dir) => {
      const tip = git(dir, ['rev-parse', 'refs/heads/env/test']);
      const merges = Number(git(dir, ['rev-list', '--first-parent', '--count', `refs/heads/main..${tip}`]));
      const second = git(dir, ['rev-parse', `${tip}~49^2`]);
      if (tip === m.test) return 'env/test did not move';
      if (merges !== 50) return `env/test has ${merges} merges, expected 50`;
      if (second !== m.moved.to) return 'the first merge is not the moved request head';
      // every implementation must build the same tree (git merge-tree's, for the plain script)
      const tree = git(dir, ['rev-parse', `${tip}^{tree}`]);
      const key = `${m.params.commits}`;
      rebuiltTrees[key] ??= tree;
      return tree === rebuiltTrees[key] ? null : `env/test's tree ${tree} differs from the first implementation's ${rebuiltTrees[key]} (plain git's when it ran first)`;
    },
  },
  {
    name: 'promote',
    label: 'promote 10 --to prod (merge, release, tag, sync 190, rebuild test)',
    writes: true,
    relctl: (m) => ['promote', ...m.prodCandidates, '--to', 'prod'],
    plain: (m) => ['promote.sh', ...m.prodCandidates],
    check: (_, m, dir) => {
      const main = git(dir, ['rev-parse', 'refs/heads/main']);
      if (main === m.main) return 'main did not move';
      const tags = git(dir, ['tag', '--points-at', main]);
      if (!tags) return 'the release is not tagged';
      const merges = Number(git(dir, ['rev-list', '--first-parent', '--count', `${main}..refs/heads/env/test`]));
      if (merges !== 40) return `env/test has ${merges} merges after the release, expected 40`;
      const synced = git(dir, ['for-each-ref', `--contains=${main}`, '--format=%(refname)', 'refs/heads/req/'])
        .split('\n')
        .filter(Boolean).length;
      return synced === 190 ? null : `${synced} request branches contain the release, expected 190`;
    },
  },
  {
    name: 'conflicts',
    label: 'conflict matrix, 30 requests (--no-cache: 465 merges)',
    relctl: () => ['conflicts', '--env', 'qa', '--no-cache', '--config', 'bench-qa.config.yaml'],
    plain: () => ['conflicts.sh'],
    check: ({ stdout }, m) => conflictCheck(stdout, m),
  },
  {
    name: 'conflicts-cached',
    label: 'conflict matrix, 30 requests (cache of the previous run)',
    relctlOnly: true,
    relctl: () => ['conflicts', '--env', 'qa', '--config', 'bench-qa.config.yaml'],
    check: ({ stdout }, m) => conflictCheck(stdout, m),
  },
  {
    name: 'log',
    label: 'log --limit 0 (10k events)',
    relctl: () => ['log', '--limit', '0'],
    plain: () => ['log.sh'],
    check: ({ stdout }) => (stdout.split('\n').length >= 10_000 ? null : `only ${stdout.split('\n').length} lines`),
  },
]
  .filter((w) => !(quick && ['conflicts-cached', 'status-batched'].includes(w.name) && !only.includes(w.name)))
  .filter(
    (w) => only.length === 0 || only.includes(w.name) || (w.name.startsWith('status') && only.includes('status')) || (w.name.startsWith('conflicts') && only.includes('conflicts')),
  );

const PORT_OPERATIONS = [
  { name: 'ancestry', label: 'ancestry check (old merged topic vs main)' },
  { name: 'mergeBase', label: 'merge base (main vs a request)' },
  { name: 'merge', label: 'merge of two branches (request into main)' },
  { name: 'mergeRenames', label: 'merge with renames (60-file directory move + 20 inexact renames vs edits)' },
  { name: 'membership100', label: "100 requests' membership in env/test" },
  { name: 'rebuild20', label: 'rebuild of 20 requests (merge + commit each)' },
];

/** The conflicting pairs printed (`A x B: paths`) must be exactly the planted ones. */
function conflictCheck(stdout, m) {
  const found = new Set([...stdout.matchAll(/^\s*(\S+) x (\S+):/gm)].map(([, a, b]) => [a, b].sort().join(' x ')));
  const expected = new Set(m.conflictPairs.map((pair) => [...pair].sort().join(' x ')));
  const missing = [...expected].filter((pair) => !found.has(pair));
  const extra = [...found].filter((pair) => !expected.has(pair));
  if (missing.length === 0 && extra.length === 0) return null;
  return `conflicts found ${[...found].join(', ') || 'none'}; expected ${[...expected].join(', ')}`;
}

function git(dir, args) {
  return execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30 }).trim();
}

function commandFor(workload, impl, manifest) {
  if (impl === 'plain') return { file: 'bash', args: [join(PLAIN, workload.plain(manifest)[0]), ...workload.plain(manifest).slice(1)], env: { ...env, ...workload.plainEnv } };
  return { file: process.execPath, args: [BIN, ...workload.relctl(manifest)], env: { ...env, RELCTL_GIT_BACKEND: impl } };
}

function applies(workload, impl) {
  if (workload.plainOnly) return impl === 'plain';
  if (workload.relctlOnly) return impl !== 'plain';
  return true;
}

/**
 * Measured runs of one workload with one implementation: read-only workloads get one untimed
 * warm-up run, then `runs` runs; writing workloads run `writeRuns` times, each on a fresh copy
 * (the copy shares the warm page cache and relctl's on-disk caches of the cached repository).
 */
function measureWorkload(workload, impl, dir, manifest) {
  const warmups = workload.writes || quick ? 0 : 1;
  const count = workload.writes ? writeRuns : runs;
  const { file, args, env: childEnv } = commandFor(workload, impl, manifest);
  const scratch = workload.writes ? mkdtempSync(join(tmpdir(), 'relctl-bench-copy-')) : null;
  const samples = [];
  const cpu = [];
  let rssMb = null;
  let failure = null;
  try {
    for (let run = 1 - warmups; run <= count; run += 1) {
      const cwd = workload.writes ? copyRepo(dir, join(scratch, `run${run}`)) : dir;
      if (workload.setup) workload.setup(cwd, manifest);
      const started = performance.now();
      const result = runMeasured(file, args, { cwd, env: childEnv, timeoutMs });
      if (result.timedOut) {
        failure = `timed out after ${timeoutMs / 1000} s`;
        samples.push(Number.POSITIVE_INFINITY);
        break;
      }
      if (result.status !== 0) {
        failure = `exit ${result.status}: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`;
        break;
      }
      const problem = workload.check(result, manifest, cwd);
      if (problem) failure = `wrong result: ${problem}`;
      if (workload.writes) rmSync(cwd, { recursive: true, force: true });
      if (run === 0) {
        process.stdout.write(` warm-up ${seconds(performance.now() - started)}`);
        continue; // the warm-up run (fills relctl's on-disk caches and the page cache)
      }
      samples.push(result.ms);
      if (result.cpuMs !== null) cpu.push(result.cpuMs);
      if (result.rssMb !== null) rssMb = Math.max(rssMb ?? 0, result.rssMb);
      process.stdout.write(` ${seconds(result.ms)}${result.cpuMs !== null ? ` (cpu ${seconds(result.cpuMs)})` : ''}`);
      if (failure) break;
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  return { ms: samples.length > 0 ? median(samples) : null, cpuMs: cpu.length > 0 ? median(cpu) : null, samples, rssMb, failure };
}

function measurePortOp(op, impl, dir, operands) {
  const samples = [];
  const warm = [];
  let rssMb = null;
  let failure = null;
  let answer = null;
  for (let run = 0; run <= runs; run += 1) {
    let result;
    if (impl === 'plain') {
      const opEnv = {
        ...env,
        MAIN: operands.main,
        TEST: operands.test,
        OLD_MERGED: operands.oldMerged,
        HEAD_SHA: operands.head,
        RENAME_OURS: operands.renameOurs,
        RENAME_THEIRS: operands.renameTheirs,
        HEADS100: operands.heads100.join(' '),
        REBUILD20: operands.rebuild20.map(([id, sha]) => `${id}:${sha}`).join(' '),
      };
      result = runMeasured('bash', [join(PLAIN, 'port-ops.sh'), op], { cwd: dir, env: opEnv, timeoutMs });
    } else {
      result = runMeasured(process.execPath, [PORT_OPS, impl, dir, op, JSON.stringify(operands), String(Math.max(runs, 3))], { cwd: dir, env, timeoutMs });
    }
    if (result.status !== 0) {
      failure = `exit ${result.status}: ${result.stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 200)}`;
      break;
    }
    if (run === 0) continue;
    samples.push(result.ms);
    if (result.rssMb !== null) rssMb = Math.max(rssMb ?? 0, result.rssMb);
    if (impl !== 'plain') {
      const parsed = JSON.parse(result.stdout);
      warm.push(parsed.warmMs);
      answer = parsed.answer;
    } else answer = result.stdout.trim().split('\n')[0];
  }
  return { ms: samples.length ? median(samples) : null, warmMs: warm.length ? median(warm) : null, rssMb, failure, answer };
}

// ---- formatting --------------------------------------------------------------------------------
function seconds(ms) {
  if (ms === null || ms === undefined) return 'n/a';
  if (!Number.isFinite(ms)) return 'timeout';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}
function ratio(a, b) {
  if (a === Number.POSITIVE_INFINITY && b) return 'timeout';
  if (!a || !b || !Number.isFinite(a) || !Number.isFinite(b)) return 'n/a';
  return `${(a / b).toFixed(2)}x`;
}
function mb(value) {
  return value === null || value === undefined ? '-' : value.toFixed(0);
}
function cell(result) {
  if (!result) return '-';
  if (result.failure && result.ms === null) return /timed out|exit 124/.test(result.failure) ? 'timeout' : 'FAIL';
  return `${seconds(result.ms)}${result.failure ? ' (!)' : ''}`;
}

function readmeUsage() {
  return `Usage: node bench/run.mjs [--quick] [--sizes 30000,100000] [--runs N] [--only status,rebuild,promote,conflicts,log]
       [--impl isomorphic,system,plain] [--no-port-ops] [--profile <workload>] [--timeout seconds] [--json file] [--seed n]
--quick: the 30k-commit repository only, 1 run per workload (no per-workload warm-up; one cache-filling status per
         backend first), 30 s timeout per command, no git-port table (--port-ops adds it), no status-batched /
         conflicts-cached rows.
--write-runs N: runs of the writing workloads (default 1; each on a fresh copy of the repository).`;
}

// ---- run (or re-render a saved run) ---------------------------------------------------------------
let machine;
let results = {};
let repos = {};
let shownArgs = argv.join(' ');
let totalMs = null;
if (reportFile) {
  const saved = JSON.parse(readFileSync(reportFile, 'utf8'));
  machine = saved.machine;
  results = saved.results;
  sizes = saved.sizes;
  runs = saved.runs ?? runs;
  writeRuns = saved.writeRuns ?? writeRuns;
  timeoutMs = saved.timeoutMs ?? timeoutMs;
  quick = saved.quick ?? false;
  totalMs = saved.totalMs ?? null;
  shownArgs = saved.argv ?? `(a saved run: ${reportFile})`;
  loads.push(...saved.loads);
  for (const [commits, repo] of Object.entries(saved.repos)) {
    repos[commits] = { ...repo, manifest: JSON.parse(readFileSync(join(repo.dir, 'bench-manifest.json'), 'utf8')) };
  }
} else {
  machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    git: execFileSync('git', ['version'], { encoding: 'utf8' }).trim(),
    date: new Date().toISOString(),
  };
  console.log(
    `relctl bench: ${quick ? 'quick, ' : ''}sizes ${sizes.join(', ')} commits; ${quick ? 'one run each' : `median of ${runs} run(s) after 1 warm-up`}; ${machine.nproc} cores (${machine.cpu}), node ${machine.node}, ${machine.git}`,
  );
  sampleLoad('start');
  console.log(`load average at start: ${loads[0].load}`);

  for (const commits of sizes) {
    console.log(`\n== ${commits} commits`);
    const { dir, manifest, generated } = await ensureRepo(params(commits), (line) => console.log(line));
    repos[commits] = { dir, manifest, packMb: folderMb(join(dir, 'objects')) };
    console.log(
      `  ${dir}${generated ? '' : ' (cached)'}: ${manifest.commitsOnMain} commits on main, ${manifest.commitsTotal} in all, ${manifest.requests.length} requests, ${manifest.testOrder.length} on test, ${manifest.events} events, objects ${repos[commits].packMb.toFixed(0)} MB`,
    );
    results[commits] = {};
    for (const workload of WORKLOADS) {
      results[commits][workload.name] = {};
      for (const impl of impls) {
        if (!applies(workload, impl)) continue;
        process.stdout.write(`  ${workload.name} / ${impl}:`);
        const result = measureWorkload(workload, impl, dir, manifest);
        results[commits][workload.name][impl] = result;
        process.stdout.write(`${result.failure ? `  !! ${result.failure}` : ''}\n`);
      }
      sampleLoad(`${commits} ${workload.name}`);
    }
    if (portOps) {
      const m = manifest;
      const operands = {
        main: m.main,
        test: m.test,
        oldMerged: m.ops.oldMerged,
        head: m.ops.mergeTheirs,
        renameOurs: m.ops.renameOurs,
        renameTheirs: m.ops.renameTheirs,
        heads100: m.requests.slice(0, 100).map((r) => r.head),
        rebuild20: m.testOrder.slice(0, 20).map((id) => [id, m.requests.find((r) => r.id === id).head]),
      };
      results[commits].ports = {};
      for (const { name } of PORT_OPERATIONS) {
        results[commits].ports[name] = {};
        for (const impl of impls) {
          process.stdout.write(`  port ${name} / ${impl}:`);
          const result = measurePortOp(name, impl, dir, operands);
          results[commits].ports[name][impl] = result;
          process.stdout.write(
            ` ${seconds(result.ms)}${result.warmMs !== null ? ` (warm in-process ${seconds(result.warmMs)})` : ''}${result.failure ? `  !! ${result.failure}` : ''}\n`,
          );
        }
      }
      sampleLoad(`${commits} port ops`);
    }
  }
  totalMs = performance.now() - benchStart;
}
const shown = WORKLOADS.filter((w) => sizes.some((commits) => results[commits]?.[w.name] && Object.keys(results[commits][w.name]).length > 0));

// ---- report ------------------------------------------------------------------------------------
const out = [];
const say = (line = '') => out.push(line);
say(`## Results (${machine.date})`);
say();
say(`Command: \`node bench/run.mjs ${shownArgs}\`${quick ? ' (quick)' : ''}. Machine: ${machine.nproc} cores, ${machine.cpu}; node ${machine.node}; ${machine.git}.`);
say(`Load average (1/5/15 min) during the run: ${loads.map((l) => `${l.when}: ${l.load}`).join('; ')}.`);
say(
  `Times: whole command, process start included; read-only workloads: ${quick ? 'one run each (after one cache-filling `relctl status` per backend)' : `median of ${runs} run(s) after one warm-up run (relctl's on-disk caches and the page cache warm)`}; writing workloads: median of ${writeRuns} run(s), each on a fresh copy of the warm repository. Timeout ${timeoutMs / 1000} s per command. Peak memory: ${memoryMethod}.`,
);
say();
say('| workload | commits | relctl isomorphic | relctl system | plain git | iso / system | system / plain | peak MB iso / sys / plain |');
say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const workload of shown) {
  for (const commits of sizes) {
    const r = results[commits][workload.name] ?? {};
    say(
      `| ${workload.label} | ${commits / 1000}k | ${cell(r.isomorphic)} | ${cell(r.system)} | ${cell(r.plain)} | ${ratio(r.isomorphic?.ms, r.system?.ms)} | ${ratio(r.system?.ms, r.plain?.ms)} | ${mb(r.isomorphic?.rssMb)} / ${mb(r.system?.rssMb)} / ${mb(r.plain?.rssMb)} |`,
    );
  }
}
say();
say('CPU time (user + system, command and children) of the same runs: the part of the wall time that does not depend on how many other processes compete for the 2 cores.');
say();
say('| workload | commits | cpu isomorphic | cpu system | cpu plain git | iso / system | system / plain |');
say('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const workload of shown) {
  for (const commits of sizes) {
    const r = results[commits][workload.name] ?? {};
    const c = (x) => (x?.cpuMs !== null && x?.cpuMs !== undefined ? seconds(x.cpuMs) : x?.failure ? cell(x) : '-');
    say(
      `| ${workload.label} | ${commits / 1000}k | ${c(r.isomorphic)} | ${c(r.system)} | ${c(r.plain)} | ${ratio(r.isomorphic?.cpuMs, r.system?.cpuMs)} | ${ratio(r.system?.cpuMs, r.plain?.cpuMs)} |`,
    );
  }
}
const failures = [];
for (const commits of sizes) {
  for (const workload of shown) {
    for (const [impl, r] of Object.entries(results[commits][workload.name] ?? {})) if (r.failure) failures.push(`${workload.name} / ${impl} / ${commits}: ${r.failure}`);
  }
}
if (sizes.some((commits) => results[commits].ports)) {
  say();
  say(
    "Git-port operations (issue 3's list), BUILT @relctl/git in a fresh node process vs the git binary (one process per plumbing call). 'process' = whole process, node start and module loading included; 'warm' = the operation repeated in the same process.",
  );
  say();
  say('| operation | commits | isomorphic process (warm) | system process (warm) | git binary | iso process / git | system process / git |');
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const { name, label } of PORT_OPERATIONS) {
    for (const commits of sizes) {
      const r = results[commits].ports?.[name] ?? {};
      const warm = (x) => (x?.warmMs !== null && x?.warmMs !== undefined ? ` (${seconds(x.warmMs)})` : '');
      say(
        `| ${label} | ${commits / 1000}k | ${cell(r.isomorphic)}${warm(r.isomorphic)} | ${cell(r.system)}${warm(r.system)} | ${cell(r.plain)} | ${ratio(r.isomorphic?.ms, r.plain?.ms)} | ${ratio(r.system?.ms, r.plain?.ms)} |`,
      );
      for (const [impl, x] of Object.entries(r)) if (x.failure) failures.push(`port ${name} / ${impl} / ${commits}: ${x.failure}`);
    }
  }
}
if (sizes.length > 1) {
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  say();
  say(
    `Scaling: time at ${large / 1000}k commits / time at ${small / 1000}k commits (1.00x = independent of history size; the requests are the same, cut from the last 1,500 commits).`,
  );
  say();
  say('| workload | relctl isomorphic: wall (cpu) | relctl system: wall (cpu) | plain git: wall (cpu) |');
  say('| --- | ---: | ---: | ---: |');
  for (const workload of shown) {
    const a = results[small][workload.name] ?? {};
    const b = results[large][workload.name] ?? {};
    const both = (impl) => `${ratio(b[impl]?.ms, a[impl]?.ms)} (${ratio(b[impl]?.cpuMs, a[impl]?.cpuMs)})`;
    say(`| ${workload.label} | ${both('isomorphic')} | ${both('system')} | ${both('plain')} |`);
  }
}

// targets (issue 9)
const largest = sizes[sizes.length - 1];
const verdict = (ok) => (ok === null ? 'n/a' : ok ? 'met' : '**not met**');
const targets = [];
{
  const s = results[largest].status ?? {};
  for (const impl of ['isomorphic', 'system']) {
    if (s[impl]) targets.push([`status, 200 requests, ${largest / 1000}k commits, < 1 s warm (${impl})`, seconds(s[impl].ms), verdict(s[impl].ms !== null && s[impl].ms < 1000)]);
  }
  const isoWorst = [];
  const sysWorst = [];
  let peak = 0;
  for (const commits of sizes) {
    for (const workload of shown.filter((w) => !w.reference)) {
      const r = results[commits][workload.name] ?? {};
      if (r.isomorphic?.ms && r.system?.ms) isoWorst.push([r.isomorphic.ms / r.system.ms, `${workload.name} ${commits / 1000}k`]);
      if (r.system?.ms && r.plain?.ms) sysWorst.push([r.system.ms / r.plain.ms, `${workload.name} ${commits / 1000}k`]);
      for (const x of Object.values(r)) if (x.rssMb) peak = Math.max(peak, x.rssMb);
    }
  }
  const worst = (list) => list.sort((a, b) => b[0] - a[0])[0];
  const times = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'timeout');
  const wi = worst(isoWorst);
  const ws = worst(sysWorst);
  if (wi) targets.push(['isomorphic within 2x of system on every workload', `worst ${times(wi[0])} (${wi[1]})`, verdict(wi[0] <= 2)]);
  if (ws) targets.push(['system within 1.3x of plain git on every workload', `worst ${times(ws[0])} (${ws[1]})`, verdict(ws[0] <= 1.3)]);
  // status.sh asks git one merge-base process per request, as a naive script would; the batched
  // script (one for-each-ref --merged) is the fastest plain-git status there is: say how far that is.
  for (const commits of sizes) {
    const system = results[commits].status?.system?.ms;
    const batched = results[commits]['status-batched']?.plain?.ms;
    if (system && batched)
      targets.push([`(reference) status, system vs the batched plain-git script, ${commits / 1000}k`, times(system / batched), verdict(system / batched <= 1.3)]);
  }
  if (peak) targets.push([`peak memory < 400 MB`, `max ${peak.toFixed(0)} MB`, verdict(peak < 400)]);
  if (sizes.some((commits) => results[commits].ports)) {
    for (const impl of ['isomorphic', 'system']) {
      const list = [];
      for (const commits of sizes) {
        for (const [name, r] of Object.entries(results[commits].ports ?? {})) {
          const x = r[impl];
          const g = r.plain;
          if (x && g?.ms) list.push([x.ms === null ? Number.POSITIVE_INFINITY : x.ms / g.ms, `${name} ${commits / 1000}k`]);
        }
      }
      const w = worst(list);
      if (w) targets.push([`issue 3: git-port operations (${impl}, process start included) within 3x of the git binary`, `worst ${times(w[0])} (${w[1]})`, verdict(w[0] <= 3)]);
    }
  }
  if (sizes.length > 1) {
    const growth = [];
    for (const workload of shown.filter((w) => !w.reference)) {
      for (const impl of ['isomorphic', 'system']) {
        // CPU time: the two sizes run minutes apart, under different load; wall time would mostly measure that
        const x = results[sizes[0]][workload.name]?.[impl];
        const y = results[largest][workload.name]?.[impl];
        const a = x?.cpuMs ?? x?.ms;
        const b = y?.cpuMs ?? y?.ms;
        if (a && b && Number.isFinite(a) && Number.isFinite(b)) growth.push([b / a, `${workload.name} ${impl}`]);
      }
    }
    const wg = worst(growth);
    if (wg)
      targets.push([`cost independent of history size (CPU time ${largest / 1000}k / ${sizes[0] / 1000}k <= 1.3x)`, `worst ${times(wg[0])} (${wg[1]})`, verdict(wg[0] <= 1.3)]);
  }
}
say();
say('| target (issue 9) | measured | verdict |');
say('| --- | --- | --- |');
for (const [target, measured, v] of targets) say(`| ${target} | ${measured} | ${v} |`);
if (failures.length > 0) {
  say();
  say('Failures and wrong results:');
  for (const failure of failures) say(`- ${failure}`);
}
say();
say(
  `Repositories: ${sizes.map((c) => `${c / 1000}k: ${repos[c].manifest.commitsOnMain} commits on main, ${repos[c].manifest.commitsTotal} in all, ${repos[c].packMb.toFixed(0)} MB of objects (${repos[c].dir})`).join('; ')}. ${totalMs ? ` Total bench time ${seconds(totalMs)}.` : ''}`,
);

console.log(`\n${out.join('\n')}`);

// ---- optional profile ------------------------------------------------------------------------
if (profileWorkload && !reportFile) {
  const workload = WORKLOADS.find((w) => w.name === profileWorkload);
  if (!workload || workload.plainOnly) {
    console.error(`--profile: unknown relctl workload ${profileWorkload}`);
  } else {
    const { dir, manifest } = repos[largest];
    for (const impl of ['isomorphic', 'system']) {
      const profDir = mkdtempSync(join(tmpdir(), 'relctl-bench-prof-'));
      const cwd = workload.writes ? copyRepo(dir, join(profDir, 'repo')) : dir;
      if (workload.setup) workload.setup(cwd, manifest);
      const { args } = commandFor(workload, impl, manifest);
      const started = performance.now();
      spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...args], { cwd, env: { ...env, RELCTL_GIT_BACKEND: impl }, stdio: ['ignore', 'ignore', 'inherit'] });
      console.log(
        `\n### CPU profile: relctl ${workload.relctl(manifest).slice(0, 3).join(' ')}… (${impl}), ${largest / 1000}k commits, ${seconds(performance.now() - started)} with the profiler\n`,
      );
      console.log('```');
      console.log(summarizeProfile(profDir, 15));
      console.log('```');
      rmSync(profDir, { recursive: true, force: true });
    }
  }
}

if (jsonOut && !reportFile)
  writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        machine,
        argv: shownArgs,
        quick,
        loads,
        sizes,
        runs,
        writeRuns,
        timeoutMs,
        totalMs,
        results,
        repos: Object.fromEntries(Object.entries(repos).map(([k, v]) => [k, { dir: v.dir, packMb: v.packMb }])),
      },
      null,
      1,
    ),
  );
