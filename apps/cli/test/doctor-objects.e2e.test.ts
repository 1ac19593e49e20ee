import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

/** Cut an object's loose file short, as a writer killed half way through it left it. */
function damage(repo: StoryRepo, oid: string): string {
  const path = join(repo.dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
  chmodSync(path, 0o644);
  writeFileSync(path, Buffer.alloc(0));
  return path;
}

// Issue 23: after a crash, doctor also checks the objects the unfinished run stands on.
describe('relctl doctor after a crash: the objects of the unfinished run', () => {
  let repo: StoryRepo;
  let refsBefore: string;
  let tip: string;

  beforeAll(async () => {
    repo = await createStoryRepo();
    repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--bump', 'minor']);
    repo.commitOn('req/A', 'Add CSV export', { 'src/export.js': 'export const csv = true;\n' });
    refsBefore = repo.refs();
    // Killed in its ref transaction, after every step before it wrote its objects.
    const killed = repo.relctl(['promote', 'A', '--to', 'test'], { RELCTL_FAULT: 'tx:after-lock' });
    expect(killed.code, killed.stdout + killed.stderr).not.toBe(0);
    const state = JSON.parse(readFileSync(join(repo.dir, '.git', 'relctl', 'run.json'), 'utf8')) as { working: Record<string, string> };
    tip = state.working['refs/heads/env/test'] as string;
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('says the objects the run names are whole', () => {
    const result = repo.relctl(['doctor']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^ok {3}objects: the \d+ object\(s\) the unfinished work names, and the objects written since it started, are whole$/m);
  });

  it('names a damaged file written since the run started that the run does not name, and says to delete it', () => {
    const stray = '0'.repeat(40);
    mkdirSync(join(repo.dir, '.git', 'objects', '00'), { recursive: true });
    writeFileSync(join(repo.dir, '.git', 'objects', '00', stray.slice(2)), Buffer.from([0x78, 0x01]));
    const result = repo.relctl(['doctor']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /^FAIL objects: 1 damaged or missing object\(s\): 0000000 \(does not inflate \(.*\)\); delete the damaged file\(s\) \(\.git\/objects\/00\/0{38}\): nothing can read them/m,
    );
    rmSync(join(repo.dir, '.git', 'objects', '00'), { recursive: true });
  });

  it('names a damaged object the run builds on, and says to undo the run', () => {
    damage(repo, tip);
    const result = repo.relctl(['doctor']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`${tip.slice(0, 7)} (the file is empty; named by the run)`);
    expect(result.stdout).toContain(`the run builds on ${tip.slice(0, 7)}, which "relctl continue" cannot write again: take the run back with "relctl undo"`);
  });

  it('undo takes the run back; the refs are as before', () => {
    const result = repo.relctl(['undo']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(repo.refs()).toBe(refsBefore);
  });
});
