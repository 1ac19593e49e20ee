/**
 * Benchmark of @relctl/git's history operations against the git binary, on a deterministic
 * synthetic repository (default 30,000 commits with branches, merges and criss-crosses).
 * Run through `node bench/history/run.mjs` (which bundles this file with esbuild).
 *
 * Columns: relctl process = a fresh `node` process doing the one operation (start-up included,
 * relctl's cache already on disk); relctl cold = the same, timed inside the process from
 * `openRepository` to the answer; relctl warm = the operation again on the same open
 * `Repository`; git = the `git` binary, process start included. Medians of --runs runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRepository } from '../../packages/git/src/repo/open-repository.js';
import type { Repository } from '../../packages/git/src/repo/repository.js';
import { commitsBetween, firstParentHistory, isAncestor, mergeBases } from '../../packages/git/src/history/index.js';
import { generateHistory } from '../../packages/git/src/history/generate-history.js';
import { openHistory } from '../../packages/git/src/history/open-history.js';
import { saveHistory } from '../../packages/git/src/history/save-history.js';

interface Operands {
  main: string;
  root: string;
  mergedFeature: string;
  liveFeature: string;
  crissCross: [string, string];
  fpBase: string;
  requests: string[];
  allHeads: string[];
}

type OpName = 'build' | 'isAncestor' | 'mergeBase' | 'mergeBaseCrissCross' | 'firstParent1000' | 'commitsBetween' | 'membership100';

const OPS: Array<{ name: OpName; label: string }> = [
  { name: 'isAncestor', label: 'ancestry check (old merged branch vs main)' },
  { name: 'mergeBase', label: 'merge base (main vs live branch)' },
  { name: 'mergeBaseCrissCross', label: 'merge bases of a criss-cross (--all)' },
  { name: 'firstParent1000', label: 'first-parent walk of 1,000 (full commits)' },
  { name: 'commitsBetween', label: 'commitsBetween (main ^main~200 first-parent)' },
  { name: 'membership100', label: "100 requests' membership (100 isAncestor)" },
];

async function runOp(repo: Repository, op: OpName, o: Operands): Promise<number> {
  switch (op) {
    case 'build': {
      const state = openHistory({ repo: repo });
      state.index.ensure(o.allHeads);
      saveHistory({ state: state });
      return openHistory({ repo: repo }).index.size;
    }
    case 'isAncestor':
      return (await isAncestor({ repo, ancestor: o.mergedFeature, descendant: o.main })) ? 1 : 0;
    case 'mergeBase':
      return (await mergeBases({ repo, a: o.main, b: o.liveFeature })).length;
    case 'mergeBaseCrissCross':
      return (await mergeBases({ repo, a: o.crissCross[0], b: o.crissCross[1] })).length;
    case 'firstParent1000':
      return (await firstParentHistory({ repo, tip: o.main, limit: 1000 })).length;
    case 'commitsBetween':
      return (await commitsBetween({ repo, exclude: o.fpBase, include: o.main })).length;
    case 'membership100': {
      let merged = 0;
      for (const head of o.requests) if (await isAncestor({ repo, ancestor: head, descendant: o.main })) merged += 1;
      return merged;
    }
  }
}

function gitArgs(op: OpName, o: Operands): string[][] {
  switch (op) {
    case 'build':
      return [];
    case 'isAncestor':
      return [['merge-base', '--is-ancestor', o.mergedFeature, o.main]];
    case 'mergeBase':
      return [['merge-base', '--all', o.main, o.liveFeature]];
    case 'mergeBaseCrissCross':
      return [['merge-base', '--all', ...o.crissCross]];
    case 'firstParent1000':
      return [['log', '--first-parent', '-n', '1000', '--format=%H%n%T%n%P%n%an <%ae> %at %ai%n%cn <%ce> %ct%n%B', o.main]];
    case 'commitsBetween':
      return [['rev-list', o.main, `^${o.fpBase}`]];
    case 'membership100':
      return o.requests.map((head) => ['merge-base', '--is-ancestor', head, o.main]);
  }
}

/** Worker mode: one operation in a fresh process; prints timings as JSON. */
async function worker(dir: string, op: OpName, operands: Operands, runs: number): Promise<void> {
  const start = performance.now();
  const repo = await openRepository({ cwd: dir });
  const answer = await runOp(repo, op, operands);
  const cold = performance.now() - start;
  const warm: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await runOp(repo, op, operands);
    warm.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify({ answer, cold, warm: median(warm) }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 }).trim();
}

function timeGit(dir: string, calls: string[][], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    for (const args of calls) spawnSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
    times.push(performance.now() - t);
  }
  return median(times);
}

function timeWorker(bundle: string, dir: string, op: OpName, runs: number): { wall: number; cold: number; warm: number; answer: number } {
  const walls: number[] = [];
  const colds: number[] = [];
  let last = { answer: 0, cold: 0, warm: 0 };
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    const child = spawnSync(process.execPath, [bundle, '--worker', dir, op, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    walls.push(performance.now() - t);
    if (child.status !== 0) throw new Error(`worker ${op} failed: ${child.stderr || child.error?.message}`);
    last = JSON.parse(child.stdout) as typeof last;
    colds.push(last.cold);
  }
  return { wall: median(walls), cold: median(colds), warm: last.warm, answer: last.answer };
}

function prepare(commits: number, seed: number): { dir: string; operands: Operands } {
  const dir = join(tmpdir(), `relctl-bench-history-${commits}-${seed}`);
  const marker = join(dir, 'relctl-bench.json');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    git(dir, ['init', '-q', '--bare', '--initial-branch=main', '.']);
    const t = performance.now();
    const history = generateHistory({ dir, commits, seed });
    console.log(`generated ${commits} commits (${history.merges.length} merges) with git fast-import in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const main = history.heads.main as string;
    const merged = new Set(git(dir, ['for-each-ref', '--merged', main, '--format=%(objectname)', 'refs/heads/feature/']).split('\n'));
    const featureHeads = Object.entries(history.heads)
      .filter(([name]) => name !== 'main')
      .map(([, sha]) => sha);
    const position = new Map(history.commits.map((sha, i) => [sha, i]));
    const byAge = [...featureHeads].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const mergedByAge = byAge.filter((sha) => merged.has(sha));
    const live = byAge.filter((sha) => !merged.has(sha));
    const operands: Operands = {
      main,
      root: history.commits[0] as string,
      mergedFeature: mergedByAge[Math.floor(mergedByAge.length / 2)] as string,
      liveFeature: live[live.length - 1] ?? (byAge[byAge.length - 1] as string),
      crissCross: history.crissCrosses[history.crissCrosses.length - 1] as [string, string],
      fpBase: git(dir, ['rev-parse', `${main}~200`]),
      requests: byAge.slice(-100),
      allHeads: Object.values(history.heads),
    };
    writeFileSync(marker, JSON.stringify(operands));
  }
  return { dir, operands: JSON.parse(readFileSync(marker, 'utf8')) as Operands };
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

async function driver(argv: string[]): Promise<void> {
  const option = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const commits = option('commits', 30_000);
  const seed = option('seed', 42);
  const runs = option('runs', 5);
  const bundle = process.argv[1] as string;
  const { dir, operands } = prepare(commits, seed);
  console.log(
    `repository: ${dir} (${git(dir, ['rev-list', '--count', '--all'])} commits, ${operands.allHeads.length} branches); medians of ${runs} runs; git ${git(dir, ['version']).split(' ')[2]}, node ${process.version}`,
  );
  const nodeStarts: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeStarts.push(performance.now() - t);
  }
  console.log(`a bare "node -e 0" takes ${ms(median(nodeStarts))} here: the floor of every "relctl process" number`);
  for (const mode of ['without commit-graph', 'with git commit-graph']) {
    rmSync(join(dir, 'objects', 'info', 'commit-graph'), { force: true });
    rmSync(join(dir, 'objects', 'info', 'commit-graphs'), { recursive: true, force: true });
    rmSync(join(dir, 'relctl'), { recursive: true, force: true });
    if (mode === 'with git commit-graph') git(dir, ['commit-graph', 'write', '--reachable']);
    const build = timeWorker(bundle, dir, 'build', 1);
    console.log(`\n## ${mode}`);
    console.log(
      `first run, index built from ${mode === 'with git commit-graph' ? "git's commit-graph" : 'objects'} and saved: ${ms(build.wall)} process (${ms(build.cold)} in-process), ${build.answer} commits indexed`,
    );
    console.log('\n| operation | relctl process | relctl cold | relctl warm | git binary | process / git |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const { name, label } of OPS) {
      const relctl = timeWorker(bundle, dir, name, runs);
      const gitTime = timeGit(dir, gitArgs(name, operands), runs);
      console.log(`| ${label} | ${ms(relctl.wall)} | ${ms(relctl.cold)} | ${ms(relctl.warm)} | ${ms(gitTime)} | ${(relctl.wall / gitTime).toFixed(2)}x |`);
    }
  }
  const batched = timeGit(dir, [['for-each-ref', `--merged=${operands.main}`, '--format=%(objectname)', 'refs/heads/']], runs);
  console.log(`\n(for reference: one "git for-each-ref --merged" over all ${operands.allHeads.length} branches takes ${ms(batched)})`);
}

if (process.argv[2] === '--worker') {
  const [, , , dir, op, runs] = process.argv;
  const operands = JSON.parse(readFileSync(join(dir as string, 'relctl-bench.json'), 'utf8')) as Operands;
  await worker(dir as string, op as OpName, operands, Number(runs));
} else {
  await driver(process.argv.slice(2));
}
