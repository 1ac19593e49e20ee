// Conflict-matrix benchmark: a generated repository of FILES files (default 3000) and 30 request
// branches (3 changed files each; R01-R16, R02-R17, … share a file, so 5 pairs conflict), then
// `relctl conflicts --all` on both backends: cold (no cache), warm (all cached), and after one
// request moved (one row). Run after building the CLI:
//   npm run build && node apps/cli/test/conflicts-bench.mjs [files]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const files = Number(process.argv[2] ?? 3000);
const requests = 30;
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bundle', 'relctl.mjs');
if (!existsSync(bin)) {
  console.error(`${bin} is missing: run "npm run build" first.`);
  process.exit(2);
}
const root = mkdtempSync(join(tmpdir(), 'relctl-conflicts-bench-'));
const dir = join(root, 'repo');
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'B',
  GIT_AUTHOR_EMAIL: 'b@x',
  GIT_COMMITTER_NAME: 'B',
  GIT_COMMITTER_EMAIL: 'b@x',
  NO_COLOR: '1',
};
const git = (args, input) =>
  execFileSync('git', args, { cwd: dir, env, input, maxBuffer: 1 << 28 })
    .toString()
    .trim();
const relctl = (args, extra = {}) => execFileSync(process.execPath, [bin, ...args], { cwd: dir, env: { ...env, ...extra }, maxBuffer: 1 << 28 }).toString();

execFileSync('git', ['init', '-q', '--initial-branch=main', dir], { env });
const path = (i) => `d${i % 40}/sub${i % 9}/f${i}.txt`;
const body = (i, extra = '') => Array.from({ length: 30 }, (_, l) => `file ${i} line ${l}${l === 15 ? extra : ''}`).join('\n') + '\n';
const chunks = [];
let mark = 0;
const commit = (ref, from, changes) => {
  mark += 1;
  chunks.push(`commit ${ref}\nmark :${mark}\ncommitter B <b@x> ${1700000000 + mark} +0000\ndata 2\nc\n${from ? `from :${from}\n` : ''}`);
  for (const [name, text] of changes) chunks.push(`M 100644 inline ${name}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
  chunks.push('\n');
  return mark;
};
const base = commit('refs/heads/main', 0, [['package.json', '{ "name": "bench", "version": "1.0.0" }\n'], ...Array.from({ length: files }, (_, i) => [path(i), body(i)])]);
for (let r = 1; r <= requests; r += 1) {
  const id = `R${String(r).padStart(2, '0')}`;
  // R(k) and R(k+15) for k = 1..5 change the same line of the same file: 5 conflicting pairs.
  const shared = r <= 5 ? r : r > 15 && r <= 20 ? r - 15 : 100 + r;
  commit(`refs/heads/req/${id}`, base, [
    [path(shared), body(shared, ` changed by ${id}`)],
    [path(1000 + r * 7), body(1000 + r * 7, ` ${id}`)],
    [path(2000 + r * 11), body(2000 + r * 11, ` ${id}`)],
  ]);
}
git(['fast-import', '--quiet'], chunks.join(''));
git(['reset', '-q', '--hard', 'main']);
relctl(['init']);
git(['add', '-A']);
git(['commit', '-q', '-m', 'relctl init']);

// Wall clock and CPU seconds (user + system, the CLI and its git children) from /usr/bin/time.
const time = (args, extra) => {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, bin, ...args], {
    cwd: dir,
    env: { ...env, ...extra },
    maxBuffer: 1 << 28,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const [wall, user, sys] = (/TIME (\S+) (\S+) (\S+)/.exec(result.stderr) ?? []).slice(1).map(Number);
  return { ms: Math.round(wall * 1000), cpu: Math.round((user + sys) * 1000), out: JSON.parse(result.stdout) };
};
console.log(`repository: ${files + 3} files, ${requests} requests, ${(requests * (requests - 1)) / 2 + requests} trial merges per matrix`);
for (const backend of ['system', 'isomorphic']) {
  const extra = { RELCTL_GIT_BACKEND: backend };
  const cold = time(['conflicts', '--all', '--json', '--no-cache'], extra);
  time(['conflicts', '--all', '--json'], extra); // fill the cache
  const warm = time(['conflicts', '--all', '--json'], extra);
  git(['switch', '-q', 'req/R07']);
  git(['commit', '-q', '--allow-empty', '-m', `move R07 (${backend})`]);
  git(['switch', '-q', 'main']);
  const moved = time(['conflicts', '--all', '--json'], extra);
  const line = (label, run) =>
    `  ${label.padEnd(26)} ${String(run.ms).padStart(6)} ms wall, ${String(run.cpu).padStart(6)} ms CPU (${run.out.stats.computed} merged, ${run.out.stats.cached} cached, ${run.out.stats.elapsedMs} ms merging), ${run.out.conflicts.length} conflicts`;
  console.log(`${backend}:`);
  console.log(line('cold (--no-cache)', cold));
  console.log(line('warm (all cached)', warm));
  console.log(line('after R07 moved (one row)', moved));
}
rmSync(root, { recursive: true, force: true });
