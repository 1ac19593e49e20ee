// Long run of the merge property suite: RELCTL_MERGE_CASES (default 5000) random histories
// checked against `git merge-tree --write-tree`. Usage: node bench/merge/property.mjs [cases] [seed]
import { spawnSync } from 'node:child_process';
const cases = process.argv[2] ?? process.env.RELCTL_MERGE_CASES ?? '5000';
const seed = process.argv[3] ?? process.env.RELCTL_MERGE_SEED ?? '20260101';
const r = spawnSync('npx', ['vitest', 'run', 'packages/git/src/merge/merge-property.test.ts', '--testTimeout=3600000'], {
  stdio: 'inherit',
  env: { ...process.env, RELCTL_MERGE_CASES: cases, RELCTL_MERGE_SEED: seed },
});
process.exit(r.status ?? 1);
