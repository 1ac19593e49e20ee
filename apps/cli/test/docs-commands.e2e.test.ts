/**
 * Every command the README and the guides show is run, so the docs cannot rot: this file runs the
 * docs no group of DOC_GROUPS names (the README, the short guides, any new guide) and checks what
 * holds for all docs at once; `docs-commands.<group>.e2e.test.ts` run the long guides on other
 * vitest workers. The runner and the docs' conventions: docs-commands.ts.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOC_GROUPS, describeDocCommands, docFiles, excludedLines, missingLines, OTHER_DOCS, planDoc, plansOf } from './docs-commands.js';

describeDocCommands(OTHER_DOCS);

describe('the docs as a whole', () => {
  const plans = plansOf(docFiles());

  it('mark few commands as not run, each with a reason', () => {
    expect(excludedLines(plans).length).toBeLessThanOrEqual(16);
    for (const { steps } of plans) for (const step of steps) if (step.kind === 'excluded') expect(step.reason, step.line).not.toBe('');
  });

  it('are each run by one test file: every doc a group names exists, and every group has its file', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const docs = docFiles();
    for (const [group, files] of Object.entries(DOC_GROUPS)) {
      for (const file of files) expect(docs, `DOC_GROUPS['${group}'] names ${file}`).toContain(file);
      expect(existsSync(join(here, `docs-commands.${group}.e2e.test.ts`)), `docs-commands.${group}.e2e.test.ts runs DOC_GROUPS['${group}']`).toBe(true);
    }
    const named = Object.values(DOC_GROUPS).flat();
    expect(new Set(named).size, 'a doc in two groups').toBe(named.length);
  });
});

describe('the docs-test conventions', () => {
  it('read commands, exits, exclusions, hidden steps and shown output', () => {
    const plan = planDoc(
      'x.md',
      [
        '<!-- docs-test: start=on-test -->',
        '```sh',
        'relctl status          # every request',
        '# a comment',
        'relctl promote B --to prod   # exit 3',
        'relctl promote A --to prod --via-pr   # not run: needs GitHub',
        '```',
        '',
        '```text',
        'shown',
        '```',
        '<!-- docs-test: story-work A -->',
        '```text exit=4',
        '$ relctl sync B',
        'conflict',
        '```',
      ].join('\n'),
    );
    expect(plan.start).toBe('on-test');
    expect(plan.steps.map((step) => [step.kind, step.line, step.kind === 'run' ? step.expected : null])).toEqual([
      ['run', 'relctl status          # every request', 0],
      ['run', 'relctl promote B --to prod   # exit 3', 3],
      ['excluded', 'relctl promote A --to prod --via-pr', null],
      ['hidden', 'story-work A', null],
      ['run', 'relctl sync B', 4],
    ]);
    // Output after an excluded last line belongs to nothing; a transcript carries its own.
    expect(plan.steps.filter((step) => step.kind === 'run' && step.shown).map((step) => step.line)).toEqual(['relctl sync B']);
  });

  it('compare the stable parts of output', () => {
    const real = 'A        CSV export   in 3m  -\nEnvironments:\n  test   env/test at 0f1e2d3, 4 request(s)\n';
    expect(missingLines(['A   CSV export  in 2h  -', '…', '  test   env/test at c46fc9c, 4 request(s)'], real)).toEqual([]);
    expect(missingLines(['  test   env/test at c46fc9c, 3 request(s)'], real)).toEqual(['  test   env/test at c46fc9c, 3 request(s)']);
    expect(missingLines(['Environments:', 'A   CSV export  in 2h  -'], real)).toEqual(['A   CSV export  in 2h  -']);
  });
});
