import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

// A repository with one request A (work committed, approved for prod, never on test): every
// refused command must exit with its code, say what is wrong, and change nothing at all.
describe('refusals change nothing', () => {
  let repo: StoryRepo;

  beforeAll(async () => {
    repo = await createStoryRepo();
    repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--bump', 'minor']);
    repo.commitOn('req/A', 'Add CSV export', { 'src/export.js': 'export const csv = true;\n' });
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
  }, 120_000);
  afterAll(async () => repo?.remove());

  /** Run relctl, expecting `code`; the refs, worktree and run state must be exactly as before. */
  function refused(args: string[], code: number): string {
    const before = repo.fingerprint();
    const logBefore = repo.git(['log', '--format=%H %B', 'refs/relctl/log']);
    const result = repo.relctl(args);
    expect(result.code, `relctl ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(code);
    expect(repo.fingerprint()).toBe(before);
    expect(repo.git(['log', '--format=%H %B', 'refs/relctl/log'])).toBe(logBefore);
    return `${result.stdout}\n${result.stderr}`;
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
    refused(['approve', 'A', '--for', 'staging'], 2);
    refused(['demote', 'A', '--from', 'staging'], 2);
  });

  it('refuses invalid request ids (exit 2)', () => {
    for (const args of [
      ['request', 'new', 'a..b'],
      ['promote', 'a..b', '--to', 'test'],
      ['request', 'new', '--title', 'x', '--', '-rf'],
      ['promote', '--to', 'test', '--', '-rf'],
      ['request', 'new', '-rf'],
      ['sync', 'a..b'],
    ]) {
      const output = refused(args, 2);
      expect(output, args.join(' ')).toMatch(/^relctl: /m);
    }
    expect(repo.git(['for-each-ref', '--format=%(refname)', 'refs/heads/req'])).toBe('refs/heads/req/A');
  });

  it('refuses an unknown request (exit 2)', () => {
    expect(refused(['promote', 'Z', '--to', 'test'], 2)).toContain('"Z"');
    expect(refused(['request', 'show', 'Z'], 2)).toContain('There is no request "Z"');
    expect(refused(['approve', 'Z', '--for', 'prod'], 2)).toContain('There is no request "Z"');
    expect(refused(['sync', 'Z'], 2)).toContain('"Z"');
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
      expect(refused(['status'], 2)).toContain('tagPrefix');
      writeFileSync(path, original.replace('    kind: integration', '    kind: integrashun'));
      expect(refused(['promote', 'A', '--to', 'test'], 2)).toMatch(/kind/);
      writeFileSync(path, `${original}\nenvironments: [unclosed\n`);
      expect(refused(['status'], 2)).toMatch(/^relctl: .*config/m);
    } finally {
      writeFileSync(path, original);
    }
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('doctor says a healthy repository is in order (exit 0)', () => {
    const result = repo.relctl(['doctor']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('ok   run state: no unfinished run');
    expect(result.stdout).toContain('Everything relctl needs is in order.');
    const json = JSON.parse(repo.ok(['doctor', '--json']).stdout) as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(json.ok).toBe(true);
  });
});

describe('output for scripts and terminals', () => {
  let repo: StoryRepo;

  beforeAll(async () => {
    repo = await createStoryRepo();
    repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--requester', 'Kim', '--bump', 'minor']);
    repo.commitOn('req/A', 'Add CSV export', { 'src/export.js': 'export const csv = true;\n' });
    repo.ok(['promote', 'A', '--to', 'test']);
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('status --json, log --json and request list --json parse as JSON with the facts', () => {
    const status = JSON.parse(repo.ok(['status', '--json']).stdout) as { requests: { id: string; envs: Record<string, { state: string }> }[] };
    expect(status.requests.map((row) => [row.id, row.envs['test']?.state])).toEqual([['A', 'in']]);
    const log = JSON.parse(repo.ok(['log', '--json']).stdout) as { type: string }[];
    expect(log.map((event) => event.type)).toEqual(['promoted', 'request-created']);
    const list = JSON.parse(repo.ok(['request', 'list', '--json']).stdout) as { id: string; head: string; environments: string[] }[];
    expect(list).toMatchObject([{ id: 'A', head: repo.sha('req/A'), environments: ['test'] }]);
    const show = JSON.parse(repo.ok(['request', 'show', 'A', '--json']).stdout) as { request: { id: string } };
    expect(show.request.id).toBe('A');
  });

  it('an error with --json is a JSON object too', () => {
    const result = repo.relctl(['promote', 'A', '--to', 'staging', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'UsageError' } });
  });

  it('prints no escape codes with NO_COLOR, even when FORCE_COLOR is set too', () => {
    const escape = /\u001b\[/;
    // The check can fail: forced colour without NO_COLOR does colour the output.
    expect(repo.relctl(['status'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toMatch(escape);
    for (const args of [['status'], ['request', 'list'], ['log'], ['promote', 'A', '--to', 'staging']]) {
      const plain = repo.relctl(args, { NO_COLOR: '1' });
      expect(plain.stdout + plain.stderr, args.join(' ')).not.toMatch(escape);
      expect(plain.stdout + plain.stderr).not.toBe('');
    }
    const forced = repo.relctl(['status'], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(forced.stdout, 'status with NO_COLOR=1 FORCE_COLOR=1').not.toMatch(escape);
  });
});
