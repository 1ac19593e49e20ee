import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

const SLOW = { timeout: 120_000 };

/** A `relctl.config.mjs` that leaves a file in `markers` when it is loaded, and lets everything through. */
function hostileConfig(markers: string, name: string): string {
  const marker = JSON.stringify(join(markers, name));
  return [
    "import { writeFileSync } from 'node:fs';",
    `writeFileSync(${marker}, 'ran');`,
    "export default { remote: null, environments: [{ name: 'test', kind: 'integration', branch: 'env/test' }, { name: 'prod', kind: 'release', branch: 'main', source: 'test' }] };",
    '',
  ].join('\n');
}

// Issue 15, finding 2: a request branch deletes relctl.config.yaml and adds a relctl.config.mjs.
// Checking that branch out — the way relctl itself does (`sync --worktree`, then `continue`) or by
// hand (`git switch`, then `status`) — must never run the branch's code: the policy is main's.
describe('a config on a request branch is never loaded', SLOW, () => {
  let repo: StoryRepo;
  let markers: string;

  beforeAll(async () => {
    repo = await createStoryRepo();
    markers = makeTempDir('markers');
    repo.ok(['request', 'new', 'J', '--title', 'Innocent copy change']);
    repo.git(['switch', '-q', 'req/J']);
    repo.git(['rm', '-q', 'relctl.config.yaml']);
    writeFileSync(join(repo.dir, 'README.md'), '# shop-web (J)\n');
    writeFileSync(join(repo.dir, 'relctl.config.mjs'), hostileConfig(markers, 'relctl-config-mjs'));
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Copy change']);
    repo.git(['switch', '-q', 'main']);
    // Production moves on the same line, so "sync J --worktree" stops on a conflict with J checked out.
    repo.commitOnMain('Readme', { 'README.md': '# shop-web (main)\n' });
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('sync J --worktree, then continue: J is synced, its relctl.config.mjs never runs', () => {
    const sync = repo.relctl(['sync', 'J', '--worktree']);
    expect(sync.code, sync.stdout + sync.stderr).toBe(4);
    expect(repo.git(['symbolic-ref', '--short', 'HEAD'])).toBe('req/J');
    expect(existsSync(join(repo.dir, 'relctl.config.mjs'))).toBe(true);
    writeFileSync(join(repo.dir, 'README.md'), '# shop-web (J, main)\n');
    repo.git(['add', 'README.md']);
    const result = repo.relctl(['continue']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Finished syncing J');
    expect(readdirSync(markers)).toEqual([]);
  });

  it('git switch req/J, then status: refused with what to do, and the code never runs', () => {
    repo.git(['switch', '-q', 'req/J']);
    try {
      const result = repo.relctl(['status']);
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toContain('relctl.config.mjs');
      expect(result.stderr).toContain('main');
      expect(result.stderr).toContain('--config');
      expect(readdirSync(markers)).toEqual([]);
      // Every other command refuses the same way, before reading anything else.
      for (const args of [['promote', 'J', '--to', 'test'], ['approve', 'J', '--for', 'prod'], ['log']]) {
        expect(repo.relctl(args).code).toBe(2);
      }
      expect(readdirSync(markers)).toEqual([]);
    } finally {
      repo.git(['switch', '-q', 'main']);
    }
  });

  it('a data config changed on a request branch is refused too; --config tries it explicitly', () => {
    repo.ok(['request', 'new', 'K', '--title', 'Loosen the rules']);
    const loose = (repo.show('main', 'relctl.config.yaml') ?? '').replace(/ {6}- (approved|tested-in) .*\n/g, '');
    repo.commitOn('req/K', 'No rules', { 'relctl.config.yaml': loose });
    repo.git(['switch', '-q', 'req/K']);
    try {
      const refused = repo.relctl(['status']);
      expect(refused.code, refused.stdout + refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(/relctl\.config\.yaml.*differs.*main/);
      const tried = repo.relctl(['status', '--config', 'relctl.config.yaml']);
      expect(tried.code, tried.stdout + tried.stderr).toBe(0);
      expect(tried.stderr).toMatch(/not the config committed on main/);
    } finally {
      repo.git(['switch', '-q', 'main']);
    }
  });

  it("an uncommitted edit of main's config is refused until it is committed", () => {
    writeFileSync(join(repo.dir, 'relctl.config.yaml'), `${repo.show('main', 'relctl.config.yaml') ?? ''}\n# an edit\n`);
    try {
      expect(repo.relctl(['status']).code).toBe(2);
    } finally {
      repo.git(['checkout', '--', 'relctl.config.yaml']);
    }
    const status = repo.relctl(['status']);
    expect(status.code, status.stderr).toBe(0);
  });
});

// A code config that is exactly main's runs (custom rules keep working); a branch that changes it does not.
describe('a code config runs only when it is exactly the production branch’s', SLOW, () => {
  let repo: StoryRepo;
  let markers: string;

  beforeAll(async () => {
    repo = await createStoryRepo();
    markers = makeTempDir('markers');
    const marker = (name: string) => JSON.stringify(join(markers, name));
    const config = (name: string) =>
      [
        "import { writeFileSync } from 'node:fs';",
        `writeFileSync(${marker(name)}, 'ran');`,
        'export default {',
        '  remote: null,',
        "  environments: [{ name: 'test', kind: 'integration', branch: 'env/test' }, { name: 'prod', kind: 'release', branch: 'main', source: 'test', rules: ['has-ticket'] }],",
        "  customRules: { 'has-ticket': ({ request }) => (/#\\d+/.test(request.title) ? { status: 'pass', message: 'ticket' } : { status: 'fail', message: 'no ticket in the title' }) },",
        '};',
        '',
      ].join('\n');
    repo.git(['rm', '-q', 'relctl.config.yaml']);
    repo.commitOnMain('Config in JavaScript', { 'relctl.config.mjs': config('main') });
    repo.ok(['request', 'new', 'A', '--title', 'No ticket']);
    repo.ok(['request', 'new', 'B', '--title', 'Changes the config']);
    repo.commitOn('req/B', 'Config', { 'relctl.config.mjs': config('branch') });
  }, 120_000);
  afterAll(async () => repo?.remove());

  it("main's own code config runs, on main and on a branch that leaves it alone", () => {
    const denied = repo.relctl(['promote', 'A', '--to', 'prod', '--dry-run']);
    expect(denied.code, denied.stdout + denied.stderr).toBe(3);
    expect(denied.stdout).toContain('no ticket in the title');
    repo.git(['switch', '-q', 'req/A']);
    try {
      expect(repo.relctl(['status']).code).toBe(0);
    } finally {
      repo.git(['switch', '-q', 'main']);
    }
    expect(readdirSync(markers)).toEqual(['main']);
  });

  it("a branch's changed code config is refused and never runs", () => {
    repo.git(['switch', '-q', 'req/B']);
    try {
      const result = repo.relctl(['status']);
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toContain('relctl.config.mjs');
    } finally {
      repo.git(['switch', '-q', 'main']);
    }
    expect(readdirSync(markers)).toEqual(['main']);
  });
});
