// Merge one topic (3 changed files per side) into a tree of FILES files (default 5000):
// relctl's mergeCommits vs `git merge-tree --write-tree`. Usage: node bench/merge/speed.mjs [files]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const files = Number(process.argv[2] ?? 5000);
const out = mkdtempSync(join(tmpdir(), 'relctl-bench-'));
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
  outfile: join(out, 'git.cjs'),
  logLevel: 'warning',
});
const { openRepository, mergeCommits } = createRequire(import.meta.url)(join(out, 'git.cjs'));
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'B',
  GIT_AUTHOR_EMAIL: 'b@x',
  GIT_COMMITTER_NAME: 'B',
  GIT_COMMITTER_EMAIL: 'b@x',
};
const dir = join(out, 'repo');
const git = (args, input) =>
  execFileSync('git', args, { cwd: dir, env, input, maxBuffer: 1 << 28 })
    .toString()
    .trim();
execFileSync('git', ['init', '-q', '--bare', dir], { env });
// fast-import: base with `files` files in 50 directories; ours and theirs change 3 files each.
const chunks = [];
const commit = (ref, mark, from, changes) => {
  chunks.push(`commit ${ref}\nmark :${mark}\ncommitter B <b@x> ${1700000000 + mark} +0000\ndata 2\nc\n${from ? `from :${from}\n` : ''}`);
  for (const [path, text] of changes) chunks.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
  chunks.push('\n');
};
const body = (i, extra = '') => Array.from({ length: 20 }, (_, l) => `file ${i} line ${l}${l === 10 ? extra : ''}`).join('\n') + '\n';
commit(
  'refs/heads/main',
  1,
  0,
  Array.from({ length: files }, (_, i) => [`d${i % 50}/sub${i % 7}/f${i}.txt`, body(i)]),
);
commit(
  'refs/heads/ours',
  2,
  1,
  [1, 2, 3].map((i) => [`d${i % 50}/sub${i % 7}/f${i}.txt`, body(i, ' ours')]),
);
commit(
  'refs/heads/theirs',
  3,
  1,
  [101, 202, 303].map((i) => [`d${i % 50}/sub${i % 7}/f${i}.txt`, body(i, ' theirs')]),
);
git(['fast-import', '--quiet'], chunks.join(''));
const ours = git(['rev-parse', 'ours']);
const theirs = git(['rev-parse', 'theirs']);

const time = async (fn, runs = 5) => {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(runs / 2)];
};
const gitTree = git(['merge-tree', '--write-tree', 'ours', 'theirs']);
const gitMs = await time(() => git(['merge-tree', '--write-tree', 'ours', 'theirs']));
const repo = await openRepository({ cwd: dir });
let tree;
const coldMs = await time(async () => {
  tree = (await mergeCommits({ repo: await openRepository({ cwd: dir }), ours, theirs })).tree;
}, 3);
const warmMs = await time(async () => {
  tree = (await mergeCommits({ repo, ours, theirs })).tree;
});
console.log(`files: ${files}, changed: 3 per side`);
console.log(`git merge-tree --write-tree (process incl. startup): ${gitMs.toFixed(1)} ms`);
console.log(`relctl mergeCommits, fresh repository handle:        ${coldMs.toFixed(1)} ms`);
console.log(`relctl mergeCommits, warm shared cache:              ${warmMs.toFixed(1)} ms`);
console.log(`same tree as git: ${tree === gitTree}`);
rmSync(out, { recursive: true, force: true });
