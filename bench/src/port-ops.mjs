// One git-port operation in a fresh process, on the BUILT @relctl/git (packages/git/dist):
//
//   node bench/src/port-ops.mjs <isomorphic|system> <repo dir> <op> '<operands json>' <warm runs>
//
// Prints JSON { answer, coldMs, warmMs }: coldMs from opening the repository to the answer,
// warmMs the median of the operation repeated on the same port (caches filled). The driver
// times the whole process too (node start and module loading included).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IDENTITY = { name: 'Bench', email: 'bench@example.com', timestamp: 1_760_000_000, timezoneOffset: 0 };

/** The operations of issue 3's list (and the conflict matrix), each returning a small answer. */
export const OPERATIONS = {
  /** Is an old merged topic commit an ancestor of main? */
  ancestry: async (git, o) => ((await git.isAncestor(o.oldMerged, o.main)) ? 1 : 0),
  /** Merge bases of main and a request head. */
  mergeBase: async (git, o) => (await git.mergeBases(o.main, o.head)).length,
  /** Three-way merge of a request head into main (objects only). */
  merge: async (git, o) => ((await git.mergeCommits(o.main, o.head)).clean ? 1 : 0),
  /** A merge where one side renames 80 files (a directory move, inexact renames) the other side edits. */
  mergeRenames: async (git, o) => ((await git.mergeCommits(o.renameOurs, o.renameTheirs)).clean ? 1 : 0),
  /** Which of 100 request heads env/test holds (ancestry of each). */
  membership100: async (git, o) => {
    let held = 0;
    for (const head of o.heads100) if (await git.isAncestor(head, o.test)) held += 1;
    return held;
  },
  /** Rebuild an integration branch from main with 20 requests: merge + commit each. */
  rebuild20: async (git, o) => {
    let tip = o.main;
    for (const [id, head] of o.rebuild20) {
      const outcome = await git.mergeCommits(tip, head);
      if (!outcome.clean) throw new Error(`${id} conflicts`);
      tip = await git.writeCommit({
        tree: outcome.tree,
        parents: [tip, head],
        message: `Merge request ${id} into test\n\nRelctl-Request: ${id}\nRelctl-Env: test\n`,
        author: IDENTITY,
        committer: IDENTITY,
      });
    }
    return tip;
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [backend, dir, op, operandsJson, runsText = '3'] = process.argv.slice(2);
  const started = performance.now();
  const { createIsomorphicGitPort, createSystemGitPort, openRepository } = await import(join(ROOT, 'packages/git/dist/index.js'));
  const operands = JSON.parse(operandsJson);
  const open = async () => (backend === 'system' ? createSystemGitPort({ cwd: dir }) : createIsomorphicGitPort({ repo: await openRepository({ cwd: dir }) }));
  const opened = performance.now();
  const git = await open();
  const answer = await OPERATIONS[op](git, operands);
  const coldMs = performance.now() - opened;
  const warm = [];
  for (let run = 0; run < Number(runsText); run += 1) {
    const t = performance.now();
    await OPERATIONS[op](git, operands);
    warm.push(performance.now() - t);
  }
  git.close?.();
  warm.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ answer, loadMs: opened - started, coldMs, warmMs: warm[Math.floor((warm.length - 1) / 2)] ?? null }));
}
