// Redo real merges of a large repository with relctl's merge engine and compare each with
// `git merge-tree --write-tree` (not run in CI; about 10-20 minutes for 1000 merges of git.git).
//
//   node bench/merge/corpus.mjs --repo <git dir of a clone, e.g. a git.git mirror> [--count 1000]
//        [--rev HEAD] [--only <merge id>,…] [--json mismatches.json]
//
// Selection: the two-parent merges of `git rev-list --first-parent --merges <rev>` (newest first),
// then `count` of them evenly by position (index floor(i * n / count)), so the sample spans the
// whole history. Each merge is redone on its real parents: `mergeCommits({ ours: parent1,
// theirs: parent2 })` in process against `git merge-tree --write-tree -z
// --allow-unrelated-histories --stdin` (one git process for all), and compared on status, the
// tree (the conflicted tree with its markers when unclean), the conflicted paths with their
// stages, and git's messages. The repository is only read: both write their objects into a
// scratch repository that borrows its objects (objects/info/alternates) and gets a commit-graph
// of <rev>. Exit 1 on any mismatch.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const repoArg = flag('repo');
if (!repoArg) {
  console.error('usage: node bench/merge/corpus.mjs --repo <git dir> [--count 1000] [--rev HEAD] [--only ids] [--json file]');
  process.exit(2);
}
const count = Number(flag('count', '1000'));
const rev = flag('rev', 'HEAD');
const only = flag('only', '')?.split(',').filter(Boolean) ?? [];
const jsonOut = flag('json');

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const source = execFileSync('git', ['-C', resolve(repoArg), 'rev-parse', '--absolute-git-dir'], { env })
  .toString()
  .trim();
const work = mkdtempSync(join(tmpdir(), 'relctl-corpus-'));
const scratch = join(work, 'scratch.git');
execFileSync('git', ['init', '-q', '--bare', scratch], { env });
mkdirSync(join(scratch, 'objects', 'info'), { recursive: true });
writeFileSync(join(scratch, 'objects', 'info', 'alternates'), `${join(source, 'objects')}\n`);
const git = (argv, options = {}) => execFileSync('git', argv, { cwd: scratch, env, maxBuffer: 1 << 30, ...options }).toString();
// A commit-graph, as `git gc` keeps in any clone: merge-base walks for both git and relctl use it
// (without one relctl first indexes the history itself, ~10 s for git.git).
const tip = execFileSync('git', ['--git-dir', source, 'rev-parse', rev], { env }).toString().trim();
git(['commit-graph', 'write', '--stdin-commits'], { input: `${tip}\n` });

// The engine, bundled from source (no build needed).
await build({
  stdin: {
    contents: "export { mergeCommits } from './packages/git/src/merge/index'; export { openRepository } from './packages/git/src/repo/open-repository';",
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  conditions: ['@relctl/source'],
  outfile: join(work, 'git.cjs'),
  logLevel: 'warning',
});
const { openRepository, mergeCommits } = createRequire(import.meta.url)(join(work, 'git.cjs'));

// ---- selection
const all = execFileSync('git', ['--git-dir', source, 'rev-list', '--first-parent', '--merges', '--parents', rev], { env, maxBuffer: 1 << 30 })
  .toString()
  .trim()
  .split('\n')
  .map((line) => line.split(' '))
  .filter((parts) => parts.length === 3);
let picked;
if (only.length) picked = all.filter(([m]) => only.some((id) => m.startsWith(id)));
else {
  const n = Math.min(count, all.length);
  picked = Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]);
}
const dates = new Map(
  git(['log', '--no-walk=unsorted', '--format=%H %cs', ...picked.map(([m]) => m)])
    .trim()
    .split('\n')
    .map((l) => l.split(' ')),
);
console.log(
  `${all.length} two-parent merges on the first-parent line of ${rev} in ${source}; ${picked.length} picked evenly by position (${dates.get(picked.at(-1)[0])} .. ${dates.get(picked[0][0])})`,
);

// ---- git
function parseStdinOutput(stdout, n) {
  const t = stdout.split('\0');
  let at = 0;
  const out = [];
  for (let k = 0; k < n; k++) {
    const clean = t[at++] === '1';
    const tree = t[at++];
    const stages = [];
    while (t[at] !== '') stages.push(t[at++]);
    at++;
    const messages = [];
    if (!clean) {
      while (/^\d+$/.test(t[at] ?? '')) {
        const c = Number(t[at++]);
        const paths = t.slice(at, at + c);
        at += c;
        const type = t[at++];
        const message = t[at++].replace(/\n$/, '');
        messages.push(`${type} | ${paths.join(', ')} | ${message}`);
      }
      while (t[at] !== '') at++; // anything else git printed (a submodule hint)
      at++;
    }
    out.push({ clean, tree, stages: stages.sort(), messages });
  }
  return out;
}
const input = picked.map(([, p1, p2]) => `${p1} ${p2}\n`).join('');
let t0 = performance.now();
// CPU time too (user + system): this VM's cores are shared, so wall time depends on the neighbours.
const timeFile = join(work, 'git-time');
const timed = existsSync('/usr/bin/time');
const mergeTree = ['git', 'merge-tree', '--write-tree', '-z', '--allow-unrelated-histories', '--stdin'];
const result = timed
  ? spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, ...mergeTree], { cwd: scratch, env, input, maxBuffer: 1 << 30 })
  : spawnSync(mergeTree[0], mergeTree.slice(1), { cwd: scratch, env, input, maxBuffer: 1 << 30 });
const gitMs = performance.now() - t0;
const gitCpuMs = timed
  ? readFileSync(timeFile, 'utf8')
      .trim()
      .split(/\s+/)
      .reduce((sum, v) => sum + Number(v) * 1000, 0)
  : null;
if (result.status !== 0) throw new Error(`git merge-tree failed: ${result.stderr}`);
const expected = parseStdinOutput(result.stdout.toString('utf8'), picked.length);

// ---- relctl
const repo = await openRepository({ cwd: scratch });
const counts = { clean: 0, conflicted: 0, agree: 0, statusDiffers: 0, treeDiffers: 0, stagesDiffer: 0, messagesDiffer: 0 };
const mismatches = [];
const slow = [];
t0 = performance.now();
const cpu0 = process.cpuUsage();
for (const [k, [merge, p1, p2]] of picked.entries()) {
  const want = expected[k];
  const started = performance.now();
  const got = await mergeCommits({ repo, ours: p1, theirs: p2, labels: { ours: p1, theirs: p2 }, write: 'always' });
  slow.push([performance.now() - started, merge]);
  const stages = [];
  if (!got.clean) {
    for (const c of got.conflicts) {
      for (const [stage, entry] of [
        [1, c.stages.base],
        [2, c.stages.ours],
        [3, c.stages.theirs],
      ]) {
        if (entry) stages.push(`${entry.mode} ${entry.oid} ${stage}\t${c.path}`);
      }
    }
  }
  stages.sort();
  const messages = got.clean ? [] : got.messages.map((m) => `${m.type} | ${m.paths.join(', ')} | ${m.message}`);
  want.clean ? counts.clean++ : counts.conflicted++;
  const problems = [];
  if (got.clean !== want.clean) problems.push('status');
  if ((got.tree ?? '') !== want.tree) problems.push('tree');
  if (JSON.stringify(stages) !== JSON.stringify(want.stages)) problems.push('stages');
  if (JSON.stringify(messages) !== JSON.stringify(want.messages)) problems.push('messages');
  if (problems.includes('status')) counts.statusDiffers++;
  if (problems.includes('tree')) counts.treeDiffers++;
  if (problems.includes('stages')) counts.stagesDiffer++;
  if (problems.includes('messages')) counts.messagesDiffer++;
  if (problems.length === 0) counts.agree++;
  else {
    mismatches.push({ merge, date: dates.get(merge), ours: p1, theirs: p2, problems, git: want, relctl: { clean: got.clean, tree: got.tree, stages, messages } });
    console.log(`  MISMATCH ${merge.slice(0, 12)} (${dates.get(merge)}): ${problems.join(', ')}`);
  }
  if ((k + 1) % 100 === 0) console.log(`  ${k + 1}/${picked.length} (${counts.agree} agree)`);
}
const relctlMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const relctlCpuMs = (cpu.user + cpu.system) / 1000;
slow.sort((a, b) => b[0] - a[0]);

console.log(`\nmerges: ${picked.length} (git: ${counts.clean} clean, ${counts.conflicted} conflicted)`);
console.log(`agree on status, tree, conflicted paths + stages and messages: ${counts.agree}`);
console.log(`differ: status ${counts.statusDiffers}, tree ${counts.treeDiffers}, stages ${counts.stagesDiffer}, messages ${counts.messagesDiffer}`);
console.log(
  `wall: git merge-tree --stdin ${(gitMs / 1000).toFixed(1)} s (one process), relctl mergeCommits ${(relctlMs / 1000).toFixed(1)} s (in process) = ${(relctlMs / gitMs).toFixed(2)}x`,
);
if (gitCpuMs !== null) console.log(`cpu:  git ${(gitCpuMs / 1000).toFixed(1)} s, relctl ${(relctlCpuMs / 1000).toFixed(1)} s = ${(relctlCpuMs / gitCpuMs).toFixed(2)}x`);
console.log(
  `slowest relctl merges: ${slow
    .slice(0, 5)
    .map(([ms, m]) => `${m.slice(0, 12)} ${ms.toFixed(0)} ms`)
    .join(', ')}`,
);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ counts, gitMs, relctlMs, gitCpuMs, relctlCpuMs, mismatches }, null, 1));
rmSync(work, { recursive: true, force: true });
process.exit(mismatches.length ? 1 : 0);
