import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

// eslint-disable-next-line no-control-regex -- the escape character is what the test looks for
const ESCAPE = /\u001b\[/;

// A repository with one request A (work committed, approved for prod, never on test): every
// refused command must exit with its code, say what is wrong in one line, and change nothing.
describe('refusals change nothing', () => {
  let repo: StoryRepo;

  beforeAll(async () => {
    repo = await createStoryRepo();
    repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--requester', 'Kim', '--bump', 'minor']);
    repo.commitOn('req/A', 'Add CSV export', { 'src/export.js': 'export const csv = true;\n' });
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
  }, 120_000);
  afterAll(async () => repo?.remove());

  /**
   * Run relctl (with NO_COLOR=1, as the harness does), expecting exit `code`, an error line, no
   * escape codes; refs, worktree, run state and the audit log exactly as before.
   */
  function refused(args: string[], code: number): string {
    const before = repo.fingerprint();
    const logBefore = repo.git(['log', '--format=%H %B', 'refs/relctl/log']);
    const result = repo.relctl(args);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, `relctl ${args.join(' ')}\n${output}`).toBe(code);
    expect(result.stderr, args.join(' ')).toMatch(/^relctl: \S.*\n$/m);
    expect(output, `${args.join(' ')}: no colour with NO_COLOR`).not.toMatch(ESCAPE);
    expect(repo.fingerprint()).toBe(before);
    expect(repo.git(['log', '--format=%H %B', 'refs/relctl/log'])).toBe(logBefore);
    return output;
  }

  it('refuses to promote a request that was never on test to prod (exit 3, rule tested-in)', () => {
    const output = refused(['promote', 'A', '--to', 'prod'], 3);
    expect(output).toMatch(/A\s+tested-in\s+fail/);
    expect(output).toContain('Nothing changed: A is denied by rule "tested-in"');
    // The approval is fine: tested-in is the only reason.
    expect(output).toMatch(/A\s+approved\s+pass/);
  });

  it('refuses an unknown environment (exit 2), listing the known ones', () => {
    expect(refused(['promote', 'A', '--to', 'staging'], 2)).toContain('There is no environment "staging"; use one of: test, prod.');
  });

  it('refuses invalid request ids (exit 2)', () => {
    refused(['request', 'new', 'a..b'], 2);
    refused(['request', 'new', '--title', 'x', '--', '-rf'], 2);
    refused(['promote', 'a..b', '--to', 'test'], 2);
    expect(repo.git(['for-each-ref', '--format=%(refname)', 'refs/heads/req'])).toBe('refs/heads/req/A');
  });

  it('refuses an unknown request (exit 2)', () => {
    expect(refused(['promote', 'Z', '--to', 'test'], 2)).toContain('"Z"');
    expect(refused(['request', 'show', 'Z'], 2)).toContain('There is no request "Z"');
  });

  it('refuses to create request A twice (exit 2)', () => {
    expect(refused(['request', 'new', 'A', '--title', 'Again'], 2)).toMatch(/\bA\b.*(exists|already)/);
    expect(repo.show('req/A', '.changeset/A.md')).toContain('CSV export of orders');
  });

  it('refuses a malformed config file (exit 2), naming the key', () => {
    const path = join(repo.dir, 'relctl.config.yaml');
    const original = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, original.replace('tagPrefix: v', 'tagPrefix: 7'));
      // Not committed on main: refused as not production's; tried explicitly, its problem is named.
      expect(refused(['status'], 2)).toMatch(/^relctl: relctl\.config\.yaml in this checkout differs from the one committed on main.*--config relctl\.config\.yaml/m);
      expect(refused(['status', '--config', 'relctl.config.yaml'], 2)).toMatch(/^relctl: .*tagPrefix/m);
      writeFileSync(path, `${original}\nenvironments: [unclosed\n`);
      expect(refused(['promote', 'A', '--to', 'test', '--config', 'relctl.config.yaml'], 2)).toMatch(/^relctl: .*config/m);
    } finally {
      writeFileSync(path, original);
    }
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('doctor says the repository is in order (exit 0)', () => {
    const result = repo.relctl(['doctor']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('ok   run state: no unfinished run');
    expect(result.stdout).toContain('Everything relctl needs is in order.');
  });

  it('request list --json parses as JSON with the facts; an error with --json is JSON too', () => {
    const list = JSON.parse(repo.ok(['request', 'list', '--json']).stdout) as { id: string; head: string; requester?: string; environments: string[] }[];
    expect(list).toMatchObject([{ id: 'A', head: repo.sha('req/A'), requester: 'Kim', environments: [] }]);
    const error = repo.relctl(['promote', 'A', '--to', 'staging', '--json']);
    expect(error.code).toBe(2);
    expect(JSON.parse(error.stdout)).toMatchObject({ error: { code: 'UsageError' } });
  });

  it('prints tables without escape codes with NO_COLOR', () => {
    const status = repo.ok(['status'], { NO_COLOR: '1' }).stdout;
    expect(status).toMatch(/^A {2,}CSV export of orders /m);
    expect(status).not.toMatch(ESCAPE);
    const log = repo.ok(['log'], { NO_COLOR: '1' }).stdout;
    expect(log).toMatch(/ request-created .* A /);
    expect(log).not.toMatch(ESCAPE);
  });

  it('prints no escape codes with NO_COLOR even when FORCE_COLOR is set too ("never with NO_COLOR")', () => {
    // The check can fail: forced colour without NO_COLOR does colour the output.
    expect(repo.ok(['status'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toMatch(ESCAPE);
    expect(repo.ok(['status'], { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toMatch(ESCAPE);
  });
});
