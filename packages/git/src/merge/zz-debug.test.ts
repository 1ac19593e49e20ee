import { it } from 'vitest';
import { createTempRepo } from '@relctl/testing';
import { generateCases, oracle } from '../../test/merge/property-harness.js';
import { openRepository } from '../repo/open-repository.js';
import { mergeCommits } from './merge-commits.js';
it('debug', async () => {
  const repo = createTempRepo({ bare: true });
  const cases = generateCases(repo.dir, 20260101, 300);
  const exp = oracle(repo.dir, cases);
  const handle = await openRepository({ cwd: repo.dir });
  for (const k of (process.env.K ?? '10').split(',').map(Number)) {
    const c = cases[k]!; const w = exp[k]!;
    const got = await mergeCommits({ repo: handle, ours: repo.git(['rev-parse', c.ours]), theirs: repo.git(['rev-parse', c.theirs]), labels: { ours: c.ours, theirs: c.theirs }, write: 'always' });
    console.log('CASE', k, JSON.stringify(w), JSON.stringify(got.clean ? got : got.conflicts.map(x => [x.path, x.kind, x.message])));
    console.log(repo.git(['log', '--format=%h %s', '--graph', c.ours, c.theirs]));
    for (const r of ['base', 'ours', 'theirs']) { try { console.log(r, '\n' + repo.git(['ls-tree', '-r', `c${k}/${r}`])); } catch {} }
    if (got.tree) console.log('DIFF git->ours\n' + repo.git(['diff-tree', '-r', w.tree, got.tree]));
  }
  repo.remove();
}, 100000);
