// Evidence for the first proposed fix (bench/src/patches/fixes.mjs, `merge-ancestry`): the
// fast-forward test at the start of @relctl/git's mergeCommits calls isomorphic-git's
// `isDescendent` with depth -1, which walks the whole history, where @relctl/git's own
// `isAncestor` (commit-graph + generation numbers) answers in about a millisecond.
//
//   node bench/src/ancestry-check.mjs <bench repository dir>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/src/ancestry-check.mjs <bench repository dir>');
  process.exit(2);
}
const git = createRequire(join(ROOT, 'packages/git/package.json'))('isomorphic-git');
const { openRepository, isAncestor } = await import(join(ROOT, 'packages/git/dist/index.js'));
const manifest = JSON.parse(readFileSync(join(dir, 'bench-manifest.json'), 'utf8'));
const repo = await openRepository({ cwd: dir });
// the two checks mergeCommits(main, request) makes before merging: is theirs in ours, is ours in theirs
const pairs = [
  ['request head in main?', manifest.requests[1].head, manifest.main],
  ['main in request head?', manifest.main, manifest.requests[1].head],
  ['request in request?', manifest.requests[0].head, manifest.requests[1].head],
];
console.log(`${manifest.commitsOnMain} commits on main; each check twice (the second with caches warm)`);
for (const [label, ancestor, descendant] of pairs) {
  for (let round = 1; round <= 2; round += 1) {
    let t = performance.now();
    const ours = await isAncestor({ repo, ancestor, descendant });
    const oursMs = performance.now() - t;
    t = performance.now();
    const theirs = await git.isDescendent({ fs: repo.fs, gitdir: repo.commonDir, oid: descendant, ancestor, depth: -1, cache: repo.cache });
    const theirsMs = performance.now() - t;
    console.log(`${label.padEnd(24)} round ${round}: @relctl/git isAncestor ${String(ours).padEnd(5)} ${oursMs.toFixed(1).padStart(8)} ms | isomorphic-git isDescendent ${String(theirs).padEnd(5)} ${theirsMs.toFixed(1).padStart(8)} ms`);
  }
}
