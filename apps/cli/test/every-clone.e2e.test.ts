import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { relctl, type CliResult } from './cli-harness.js';
import { createStoryRepo, startFourRequests, type StoryRepo } from './story-repo.js';

interface StatusJson {
  requests: Array<{ id: string }>;
  environments: Array<{ name: string; tip: string | null }>;
}

/**
 * Every clone sees origin's truth: a teammate's fresh clone (branches only as remote-tracking
 * refs) reads the same requests, environments and log as the clone that made them; `--offline`
 * reads this clone's refs only; an unreachable origin is a warning; doctor gives advice that fits
 * a fresh clone, and reports branches ahead of or diverged from origin and an unwritable
 * `.git/relctl`.
 */
describe('every clone sees origin', () => {
  let repo: StoryRepo;
  let fresh: TempRepo;
  let heads: Record<'A' | 'B' | 'C' | 'D', string>;

  const run = (args: string[], env: Record<string, string> = {}): CliResult => relctl(fresh.dir, args, env);
  const ok = (args: string[], env: Record<string, string> = {}): CliResult => {
    const result = run(args, env);
    expect(result.code, `relctl ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
    return result;
  };
  const localRefs = () => fresh.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/relctl']);

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    heads = startFourRequests(repo);
    repo.ok(['promote', 'A', 'B', '--to', 'test']);
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    const dir = makeTempDir('fresh-clone');
    git(dir, ['clone', '-q', repo.git(['remote', 'get-url', 'origin']), 'clone']);
    fresh = openTempRepo(join(dir, 'clone'));
  }, 180_000);
  afterAll(async () => {
    await repo?.remove();
    fresh?.remove();
  });

  it("status in a fresh clone shows origin's requests and environments, and moves no local ref", () => {
    const before = localRefs();
    const mine = JSON.parse(repo.ok(['status', '--json']).stdout) as StatusJson;
    const theirs = JSON.parse(ok(['status', '--json']).stdout) as StatusJson;
    expect(theirs.requests.map((request) => request.id)).toEqual(['A', 'B', 'C', 'D']);
    // Everything but the clock (now, waiting times) is the same.
    const timeless = (report: StatusJson) => JSON.parse(JSON.stringify(report, (key, value: unknown) => (key === 'now' || key.endsWith('Ms') ? undefined : value))) as unknown;
    expect(timeless(theirs)).toEqual(timeless(mine));
    expect(theirs.environments.find((env) => env.name === 'test')?.tip).toBe(repo.sha('env/test'));
    expect(ok(['status']).stdout).not.toMatch(/env\/test at -/);
    expect(localRefs()).toBe(before);
  });

  it('request list, request show and log read origin too', () => {
    expect(ok(['request', 'list']).stdout).toMatch(/^D\s+Welcome e-mail/m);
    expect(ok(['request', 'show', 'C']).stdout).toContain(`req/C at ${heads.C.slice(0, 7)}`);
    expect(ok(['log', '--json']).stdout).toContain('"approved"');
  });

  it('a dry run in a fresh clone plans on what origin holds, as the real run would', () => {
    const result = ok(['promote', 'C', '--to', 'test', '--dry-run']);
    expect(result.stdout).toContain(`merge req/C (${heads.C.slice(0, 7)}) into env/test`);
  });

  it('doctor recognises a fresh clone: nothing to fix, and no "relctl init" advice', () => {
    const result = ok(['doctor']);
    expect(result.stdout).toMatch(/^ok {3}branch env\/test: test \(integration\) only on origin \(at [0-9a-f]{7}\), as in a fresh clone/m);
    expect(result.stdout).toMatch(/^ok {3}clone: \d+ branch\(es\) relctl manages exist here only as origin's remote-tracking refs/m);
    expect(result.stdout).not.toContain('relctl init');
  });

  it('--offline, RELCTL_OFFLINE and relctl.offline read only local refs and do not fetch', () => {
    const newer = repo.commitOn('req/D', 'More welcome', { 'src/welcome.js': "export const welcome = { subject: 'Hi!' };\n" });
    const tracking = () => fresh.git(['rev-parse', 'refs/remotes/origin/req/D']);
    const seen = tracking();
    for (const [args, env] of [
      [['status', '--json', '--offline'], {}],
      [['status', '--json'], { RELCTL_OFFLINE: '1' }],
    ] as Array<[string[], Record<string, string>]>) {
      const offline = JSON.parse(ok(args, env).stdout) as StatusJson;
      expect(offline.requests, args.join(' ')).toEqual([]);
      expect(tracking()).toBe(seen);
    }
    fresh.git(['config', 'relctl.offline', 'true']);
    try {
      expect((JSON.parse(ok(['status', '--json']).stdout) as StatusJson).requests).toEqual([]);
      expect(tracking()).toBe(seen);
    } finally {
      fresh.git(['config', '--unset', 'relctl.offline']);
    }
    // Online again: the fetch brings the newer req/D.
    expect(ok(['request', 'show', 'D']).stdout).toContain(`req/D at ${newer.slice(0, 7)}`);
    expect(tracking()).toBe(newer);
  });

  it('--offline on a command that writes is refused before anything (it would push)', () => {
    const before = localRefs();
    const result = run(['promote', 'C', '--to', 'test', '--offline']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("relctl: --offline reads this clone's refs only, but this command writes and pushes to origin; drop --offline, or add --dry-run to see the plan.\n");
    expect(localRefs()).toBe(before);
    expect(ok(['request', 'new', 'Z', '--dry-run', '--offline']).stderr).toContain("note: --offline: this dry run reads this clone's refs only");
  });

  it('an unreachable origin is a warning; the answer comes from local refs', () => {
    const url = fresh.git(['remote', 'get-url', 'origin']);
    fresh.git(['remote', 'set-url', 'origin', 'http://127.0.0.1:9/nowhere.git']);
    try {
      const result = ok(['status']);
      expect(result.stderr).toMatch(/^warning: could not reach origin \(.+\); showing this clone's refs only, which may be behind the team's\.\n$/);
      expect(result.stdout).toContain('No requests yet');
    } finally {
      fresh.git(['remote', 'set-url', 'origin', url]);
    }
  });

  it('doctor reports a branch ahead of origin (warning) and one diverged from it (a problem)', () => {
    // The teammate's clone takes req/C and req/D as they are on origin, then commits on both.
    fresh.git(['branch', '-q', 'req/C', 'origin/req/C']);
    fresh.git(['branch', '-q', 'req/D', 'origin/req/D']);
    for (const branch of ['req/C', 'req/D']) {
      fresh.git(['switch', '-q', branch]);
      fresh.commit(`Local work on ${branch}`, { [`local-${branch.slice(4)}.txt`]: 'mine\n' });
    }
    fresh.git(['switch', '-q', 'main']);
    repo.commitOn('req/D', 'Work pushed meanwhile', { 'src/welcome-2.js': 'export const second = true;\n' });
    const result = run(['doctor']);
    expect(result.code, result.stdout).toBe(2);
    expect(result.stdout).toMatch(/^warn branch req\/C: at [0-9a-f]{7}, ahead of origin \([0-9a-f]{7}\): commits not pushed; push them \("git push origin req\/C"\)/m);
    expect(result.stdout).toMatch(/^FAIL branch req\/D: here \([0-9a-f]{7}\) and on origin \([0-9a-f]{7}\) both moved; bring them together with git/m);
    // And a read command says which one it shows.
    expect(ok(['status']).stderr).toContain("warning: req/D here and on origin have both moved; showing this clone's req/D");
  });

  it('doctor reports a .git/relctl it cannot write', () => {
    const state = join(fresh.dir, '.git', 'relctl');
    rmSync(state, { recursive: true, force: true });
    writeFileSync(state, 'not a folder\n');
    try {
      const result = run(['doctor']);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/^FAIL state folder: .*\.git\/relctl is not a folder, so relctl cannot write there/m);
    } finally {
      rmSync(state, { force: true });
    }
  });
});
