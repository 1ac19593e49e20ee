import { symlinkSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { createTempRepo, type TempRepo } from '@relctl/testing';

/** The A–D story: prod (`main`) shipped A as 1.0.0 and B as 1.1.0; test (`env/test`) is main plus C and D. */
export interface StoryRepo {
  repo: TempRepo;
  /** main after A (released 1.0.0). */
  v100: string;
  /** main after B (released 1.1.0): the prod tip. */
  v110: string;
  /** env/test tip: main plus merges of C and D. */
  test: string;
}

/**
 * Build the story repository with files that exercise an export: nested folders, an
 * executable, a symlink, an empty file, binary content, spaces and non-ASCII in names.
 *
 * @example
 * ```ts
 * const { repo, v110, test } = buildStoryRepo();
 * ```
 */
export function buildStoryRepo(): StoryRepo {
  const repo = createTempRepo();
  repo.write({
    'README.md': '# app\n',
    'bin/start.sh': '#!/bin/sh\necho start\n',
    'src/app.js': 'export const version = "0";\n',
    'src/deep/nested/file.txt': 'deep\n',
    'assets/logo.bin': new Uint8Array([0, 1, 2, 255, 254, 10, 13, 0]),
    'docs/with space é.md': 'unicode\n',
    'empty.txt': '',
  });
  chmodSync(join(repo.dir, 'bin/start.sh'), 0o755);
  symlinkSync('README.md', join(repo.dir, 'link-to-readme'));
  symlinkSync('../README.md', join(repo.dir, 'src/up-link'));
  repo.commit('init');
  repo.git(['checkout', '-q', '-b', 'req/A']);
  const a = repo.commit('A: search', { 'src/search.js': 'export const search = 1;\n' });
  repo.git(['checkout', '-q', 'main']);
  repo.git(['merge', '-q', '--no-ff', '-m', 'Merge req/A', a]);
  const v100 = repo.commit('release 1.0.0', { VERSION: '1.0.0\n' });
  repo.git(['checkout', '-q', '-b', 'req/B']);
  const b = repo.commit('B: faster', { 'src/app.js': 'export const version = "b";\n' });
  repo.git(['checkout', '-q', 'main']);
  repo.git(['merge', '-q', '--no-ff', '-m', 'Merge req/B', b]);
  repo.git(['rm', '-q', 'empty.txt']);
  const v110 = repo.commit('release 1.1.0', { VERSION: '1.1.0\n' });
  repo.git(['checkout', '-q', '-b', 'req/C']);
  repo.commit('C: new page', { 'src/page.js': 'page\n', 'bin/migrate': '#!/bin/sh\n' });
  chmodSync(join(repo.dir, 'bin/migrate'), 0o755);
  const c2 = repo.commit('C: executable');
  repo.git(['checkout', '-q', 'main']);
  repo.git(['checkout', '-q', '-b', 'req/D']);
  repo.write({ 'src/d.txt': 'd\n' });
  repo.git(['rm', '-q', 'assets/logo.bin']);
  const d2 = repo.commit('D: drop logo');
  repo.git(['checkout', '-q', '-b', 'env/test', 'main']);
  repo.git(['merge', '-q', '--no-ff', '-m', 'Merge req/C', c2]);
  repo.git(['merge', '-q', '--no-ff', '-m', 'Merge req/D', d2]);
  const test = repo.git(['rev-parse', 'HEAD']);
  repo.git(['checkout', '-q', 'main']);
  return { repo, v100, v110, test };
}
