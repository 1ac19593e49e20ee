import { createTempRepo, git, type TempRepo } from '@relctl/testing';

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

type Change = { path: string; content?: string | Uint8Array; mode?: '100644' | '100755' | '120000' } | { path: string; delete: true };

/**
 * Build the story repository in one `git fast-import` run (fast on a busy machine), with files
 * that exercise an export: nested folders, executables, symlinks, an empty file, binary
 * content, spaces and non-ASCII in names, a mode change and deletions.
 *
 * @example
 * ```ts
 * const { repo, v110, test } = buildStoryRepo();
 * ```
 */
export function buildStoryRepo(): StoryRepo {
  const repo = createTempRepo();
  const chunks: Buffer[] = [];
  let mark = 0;
  let time = 1_767_225_600;
  const data = (content: string | Uint8Array): void => {
    const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
    chunks.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n'));
  };
  const commit = (branch: string, message: string, changes: Change[], from?: number, merge?: number): number => {
    mark += 1;
    time += 60;
    chunks.push(Buffer.from(`commit refs/heads/${branch}\nmark :${mark}\ncommitter Test <test@example.com> ${time} +0000\n`));
    data(message);
    if (from !== undefined) chunks.push(Buffer.from(`from :${from}\n`));
    if (merge !== undefined) chunks.push(Buffer.from(`merge :${merge}\n`));
    for (const change of changes) {
      const path = JSON.stringify(change.path);
      if ('delete' in change) {
        chunks.push(Buffer.from(`D ${path}\n`));
      } else {
        chunks.push(Buffer.from(`M ${change.mode ?? '100644'} inline ${path}\n`));
        data(change.content ?? '');
      }
    }
    return mark;
  };

  const init = commit('main', 'init', [
    { path: 'README.md', content: '# app\n' },
    { path: 'bin/start.sh', content: '#!/bin/sh\necho start\n', mode: '100755' },
    { path: 'src/app.js', content: 'export const version = "0";\n' },
    { path: 'src/deep/nested/file.txt', content: 'deep\n' },
    { path: 'assets/logo.bin', content: new Uint8Array([0, 1, 2, 255, 254, 10, 13, 0]) },
    { path: 'docs/with space é.md', content: 'unicode\n' },
    { path: 'empty.txt', content: '' },
    { path: 'link-to-readme', content: 'README.md', mode: '120000' },
    { path: 'src/up-link', content: '../README.md', mode: '120000' },
  ]);
  const searchJs = { path: 'src/search.js', content: 'export const search = 1;\n' };
  const a = commit('req/A', 'A: search', [searchJs], init);
  const mergeA = commit('main', 'Merge req/A', [searchJs], init, a);
  const release100 = commit('main', 'release 1.0.0', [{ path: 'VERSION', content: '1.0.0\n' }], mergeA);
  const appB = { path: 'src/app.js', content: 'export const version = "b";\n' };
  const b = commit('req/B', 'B: faster', [appB], release100);
  const mergeB = commit('main', 'Merge req/B', [appB], release100, b);
  const release110 = commit(
    'main',
    'release 1.1.0',
    [
      { path: 'VERSION', content: '1.1.0\n' },
      { path: 'empty.txt', delete: true },
    ],
    mergeB,
  );
  const page = { path: 'src/page.js', content: 'page\n' };
  const c1 = commit('req/C', 'C: new page', [page, { path: 'bin/migrate', content: '#!/bin/sh\n' }], release110);
  const c2 = commit('req/C', 'C: executable', [{ path: 'bin/migrate', content: '#!/bin/sh\n', mode: '100755' }], c1);
  const dChanges: Change[] = [
    { path: 'src/d.txt', content: 'd\n' },
    { path: 'assets/logo.bin', delete: true },
  ];
  const d = commit('req/D', 'D: drop logo', dChanges, release110);
  const mergeC = commit('env/test', 'Merge req/C', [page, { path: 'bin/migrate', content: '#!/bin/sh\n', mode: '100755' }], release110, c2);
  commit('env/test', 'Merge req/D', dChanges, mergeC, d);
  chunks.push(Buffer.from('done\n'));

  git(repo.dir, ['fast-import', '--quiet', '--done'], { input: Buffer.concat(chunks) });
  // main~2 is the 1.0.0 release commit (first parents: release 1.1.0 <- merge B <- release 1.0.0).
  const [v100, v110, test] = repo.git(['rev-parse', 'main~2', 'main', 'env/test']).split('\n');
  repo.git(['reset', '-q', '--hard', 'main']);
  return { repo, v100: v100 ?? '', v110: v110 ?? '', test: test ?? '' };
}
