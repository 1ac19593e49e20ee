import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each slow test file took in a whole `npm test` run on a 2-core machine (CI, 2 vitest
 * workers), rounded: only the ones over about 20 s. The docs-commands groups and
 * after-merge-methods are estimates (their share of the file they came from, or of its old time).
 * Only the order of the run depends on them, never what it tests; a file missing here or a stale
 * number costs time at the end of a run, not correctness. Update them from a CI log when a file's
 * time changes a lot.
 */
const SLOW_FILES: Record<string, number> = {
  'apps/cli/test/after-merge-methods.e2e.test.ts': 75,
  'apps/cli/test/typos.e2e.test.ts': 61,
  'apps/cli/test/request-lifecycle.e2e.test.ts': 60,
  'apps/cli/test/docs-commands.faq-rules.e2e.test.ts': 47,
  'apps/cli/test/dry-run-plan.e2e.test.ts': 46,
  'apps/cli/test/carry.e2e.test.ts': 42,
  'apps/cli/test/hotfix.e2e.test.ts': 41,
  'apps/cli/test/hotfix-conflict.e2e.test.ts': 35,
  'apps/cli/test/docs-commands.workflow-ko.e2e.test.ts': 41,
  'apps/cli/test/docs-commands.deploy.e2e.test.ts': 40,
  'apps/cli/test/signed-approvals.e2e.test.ts': 39,
  'packages/git/src/remote/create-isomorphic-remote.test.ts': 39,
  'apps/cli/test/docs-commands.cli-en.e2e.test.ts': 37,
  'apps/cli/test/checks.e2e.test.ts': 37,
  'apps/cli/test/pr-github.e2e.test.ts': 36,
  'apps/cli/test/docs-commands.e2e.test.ts': 35,
  'apps/cli/test/small-lies.e2e.test.ts': 34,
  'apps/cli/test/docs-commands.cli-ko.e2e.test.ts': 33,
  'apps/cli/test/docs-commands.workflow-en.e2e.test.ts': 29,
  'packages/git/test/merge/git-scenarios.test.ts': 27,
  'apps/cli/test/board.browser.test.ts': 26,
  'apps/cli/test/conflicts-matrix.e2e.test.ts': 26,
  'apps/cli/test/every-clone.e2e.test.ts': 26,
  'apps/cli/test/docs-commands.hotfixes-ci.e2e.test.ts': 25,
  'apps/cli/test/deploy.e2e.test.ts': 24,
  'apps/cli/test/ad-story.system.e2e.test.ts': 23,
  'apps/cli/test/pr-no-token.e2e.test.ts': 23,
  'packages/release-notes/test/differential/changesets.differential.test.ts': 23,
  'apps/cli/test/forged-resolution.e2e.test.ts': 22,
};

/**
 * Runs the test files that take longest first, whatever their project, so that the end of a run
 * is short files spread over the workers rather than one long file on one worker while the other
 * waits. vitest's own order sorts by project name first (every `cli` file, then `core`'s …) and,
 * without a record of an earlier run (a fresh clone, as in CI), by file size; a file that runs a
 * shared helper (`docs-commands.<group>.e2e.test.ts`) is small and slow.
 *
 * How long a file takes: vitest's record of its last run when there is one (the cache in
 * `node_modules/.vite/vitest`), else SLOW_FILES, else a guess: a few seconds for a file under
 * `test/` (end-to-end against real git), less for a unit test beside its source, larger files first.
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const expected = new Map<TestSpecification, number>();
    for (const file of files) {
      // vitest's cache key of a file, as its BaseSequencer makes it.
      const key = `${file.project.name}:${relative(root, file.moduleId)}`;
      const path = relative(root, file.moduleId).split('\\').join('/');
      const last = this.ctx.cache.getFileTestResults(key)?.duration;
      const size = this.ctx.cache.getFileStats(key)?.size ?? 0;
      const guess = (/(^|\/)test\//.test(path) ? 5_000 : 1_000) + size / 1_000;
      const slow = SLOW_FILES[path];
      expected.set(file, last ?? (slow === undefined ? guess : slow * 1_000));
    }
    // groupOrder (none set here) still comes first: vitest runs a lower group to its end before the next.
    return [...files].sort((a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || (expected.get(b) ?? 0) - (expected.get(a) ?? 0));
  }
}
