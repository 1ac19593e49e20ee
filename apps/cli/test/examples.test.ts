import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The repository root: examples resolve `@relctl/core` through its node_modules, like a user's project would. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CORE_DIST = join(ROOT, 'packages', 'core', 'dist', 'index.js');

/** Run an example with plain `node` (no source condition: it gets the built `@relctl/core`). */
function runExample(path: string): { code: number; stdout: string; stderr: string } {
  if (!existsSync(CORE_DIST)) throw new Error(`${CORE_DIST} is missing: build first ("npm run build", or npx tsc -b packages/core/tsconfig.lib.json).`);
  const result = spawnSync(process.execPath, [join(ROOT, path)], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('examples/embed-core/evaluate-promotion.mjs', () => {
  const { code, stdout, stderr } = runExample('examples/embed-core/evaluate-promotion.mjs');
  const lines = stdout.split('\n');

  it('runs without errors', () => {
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('allows A and C into prod, every rule passing', () => {
    expect(lines).toContain('Promote A, C to prod: allowed');
    const rows = lines.filter((line) => /^ {2}[AC] {2}/.test(line));
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => / pass {2}/.test(row))).toBe(true);
  });

  it('plans merging A then C into main, then a release, then syncing and rebuilding with B and D', () => {
    const steps = lines.filter((line) => /^ {2}\d+\. /.test(line)).map((line) => line.replace(/^ {2}\d+\. /, ''));
    const mergeA = steps.findIndex((step) => step.startsWith('merge req/A ') && step.endsWith(' into main'));
    const mergeC = steps.findIndex((step) => step.startsWith('merge req/C ') && step.endsWith(' into main'));
    const release = steps.indexOf('release A, C on main (version, changelog, changesets)');
    expect(mergeA).toBe(0);
    expect(mergeC).toBe(1);
    expect(release).toBe(2);
    expect(steps).toContain('sync req/B with main');
    expect(steps).toContain('sync req/D with main');
    expect(steps.filter((step) => step.endsWith(' into env/test')).map((step) => step.split(' ')[1])).toEqual(['req/B', 'req/D']);
    expect(steps.some((step) => step.includes('push'))).toBe(false);
    expect(steps.at(-1)).toBe('update refs in one transaction: main, req/B, req/D, env/test, refs/relctl/log');
  });

  it('refuses B, naming the rule and how to fix it', () => {
    expect(lines).toContain('Promote B to prod: denied (B)');
    expect(stdout).toMatch(/B {2}approved {4}fail {2}B has no approval for prod of its head b2b2b2b; record one with relctl approve B --for prod\./);
  });
});
