import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { decodeAuditEvent, type AuditEvent } from '@relctl/core';
import { deploymentHistory } from '@relctl/deploy';
import { formatRequestChangeset } from '@relctl/release-notes';
import { GIT_TEST_ENV, makeTempDir } from '@relctl/testing';
import { CLI_BIN, type CliResult } from './cli-harness.js';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

/** `mode oid path` of every file under `dir`, the way `git ls-tree -r` lists a tree. */
function listDir(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, prefix))) {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const full = join(dir, path);
    const stat = lstatSync(full);
    if (stat.isDirectory()) out.push(...listDir(dir, path));
    else {
      const content = stat.isSymbolicLink() ? Buffer.from(readlinkSync(full)) : readFileSync(full);
      const oid = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
      out.push(`${stat.isSymbolicLink() ? '120000' : stat.mode & 0o100 ? '100755' : '100644'} ${oid} ${path}`);
    }
  }
  return out.sort();
}

/** The same listing of a commit's tree, from git itself (the oracle). */
function listTree(repo: StoryRepo, rev: string): string[] {
  return repo.git(['ls-tree', '-r', '--format=%(objectmode) %(objectname) %(path)', rev]).split('\n').filter(Boolean).sort();
}

/** The audit log, newest first, read with git (not relctl: every CLI start costs a second or more). */
function logEvents(repo: StoryRepo): AuditEvent[] {
  return repo
    .git(['log', '--first-parent', '--format=%H%x1f%at%x1f%an <%ae>%x1f%B%x1e', 'refs/relctl/log'])
    .split('\x1e')
    .map((record) => record.trim())
    .filter(Boolean)
    .map((record) => {
      const [id = '', at = '0', actor = '', message = ''] = record.split('\x1f');
      return decodeAuditEvent({ message, at: Number(at) * 1000, actor, id });
    });
}

/** A request branch made by hand (a request too): one commit of work plus its changeset. */
function handRequest(repo: StoryRepo, id: string, bump: 'minor' | 'patch', title: string, files: Record<string, string>): void {
  repo.git(['branch', `req/${id}`, 'main']);
  repo.commitOn(`req/${id}`, title, { ...files, [`.changeset/${id}.md`]: formatRequestChangeset({ summary: title, bump, packageName: 'shop-web' }) });
}

/** Start the built relctl without waiting; resolves with its result when it exits. */
function startRelctl(cwd: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...process.env, ...GIT_TEST_ENV, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
  const output = () => stdout;
  return { child, done, output };
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

// The A-D story deployed with the `directory` strategy under a temp folder: test gets env/test,
// prod gets each release; a failing after hook, a rollback, two deploys at once, a crashed
// deploy's lock, and a SHA that is not on the branch.
describe('relctl deploy / rollback (directory strategy)', () => {
  let repo: StoryRepo;
  let srv: string;
  let marks: string;
  const current = (env: string) => readlinkSync(join(srv, env, 'current'));
  /** Deployments and rollbacks, newest first (what `relctl log --deployments --json` prints). */
  const deployments = (env?: string) => deploymentHistory({ events: logEvents(repo).reverse(), ...(env ? { env } : {}) }).reverse();
  const events = () => logEvents(repo);
  /** Every ref except the audit log, whose new events are the point of a deploy. */
  const branchRefs = () =>
    repo
      .refs()
      .split('\n')
      .filter((line) => !line.startsWith('refs/relctl/log '))
      .join('\n');

  beforeAll(async () => {
    srv = makeTempDir('deploy-srv');
    marks = makeTempDir('deploy-marks');
    repo = await createStoryRepo();
    const config = parse(readFileSync(join(repo.dir, 'relctl.config.yaml'), 'utf8')) as { environments: Array<Record<string, unknown>> };
    const hook = (script: string) => ['sh', '-c', script];
    config.environments[0]!.deploy = { strategy: 'directory', path: join(srv, 'test') };
    config.environments[1]!.rules = ['tested-in', 'changeset', 'clean-merge'];
    config.environments[1]!.deploy = {
      strategy: 'directory',
      path: join(srv, 'prod'),
      keep: 3,
      before: hook(`if [ -e '${marks}/slow' ]; then sleep 3; fi`),
      after: hook(`echo "restarting for $RELCTL_RELEASE"; test ! -e '${marks}/fail-after'`),
    };
    repo.commitOnMain('Deploy settings', { 'relctl.config.yaml': stringify(config) });
    handRequest(repo, 'A', 'minor', 'CSV export of orders', { 'src/export.js': 'export const csv = true;\n' });
    handRequest(repo, 'B', 'minor', 'New product page layout', { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" });
    handRequest(repo, 'C', 'patch', 'Fix rounding in order totals', { 'src/orders.js': 'export const round = Math.round;\n' });
    handRequest(repo, 'D', 'minor', 'Welcome e-mail for new users', { 'src/welcome.js': "export const welcome = 'Welcome!';\n" });
    repo.ok(['promote', 'A', 'B', 'C', 'D', '--to', 'test']);
    repo.ok(['promote', 'A', 'C', '--to', 'prod']);
  }, 300_000);
  afterAll(async () => {
    await repo?.remove();
    for (const dir of [srv, marks]) if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('--dry-run prints the steps and changes nothing', () => {
    const before = repo.fingerprint();
    const result = repo.ok(['deploy', 'prod', '--dry-run']);
    expect(result.stdout).toContain('Plan for "relctl deploy prod" (dry run, nothing changed):');
    expect(result.stdout).toContain(`export the tree of ${repo.sha('main').slice(0, 7)} (1.1.0) into ${join(srv, 'prod')}/releases/1.1.0`);
    expect(result.stdout).toContain('record deployed of prod');
    expect(repo.fingerprint()).toBe(before);
    expect(existsSync(join(srv, 'prod'))).toBe(false);
  }, 120_000);

  it('deploys test and prod: each current holds exactly its branch tree, and the deployments are recorded', () => {
    const test = repo.ok(['deploy', 'test']);
    expect(test.stdout).toContain('[deploy test] ');
    expect(test.stdout).toMatch(/Deployed test at [0-9a-f]{7} in [\d.]+s; current is releases\/[0-9a-f]{40}\./);
    const prod = repo.ok(['deploy', 'prod']);
    expect(prod.stdout).toContain('[deploy prod] restarting for 1.1.0');
    expect(current('test')).toBe(`releases/${repo.sha('env/test')}`);
    expect(current('prod')).toBe('releases/1.1.0');
    expect(listDir(join(srv, 'test', 'current'))).toEqual(listTree(repo, 'env/test'));
    expect(listDir(join(srv, 'prod', 'current'))).toEqual(listTree(repo, 'main'));
    // B's and D's code is on test only; A's and C's on both.
    expect(existsSync(join(srv, 'test', 'current', 'src', 'welcome.js'))).toBe(true);
    expect(existsSync(join(srv, 'prod', 'current', 'src', 'welcome.js'))).toBe(false);

    const [prodRecord, testRecord] = deployments();
    expect(testRecord).toMatchObject({ type: 'deployed', env: 'test', sha: repo.sha('env/test'), version: null, ok: true, requestIds: ['B', 'D'] });
    expect(prodRecord).toMatchObject({ type: 'deployed', env: 'prod', sha: repo.sha('main'), version: '1.1.0', ok: true, actor: 'Test Author <author@example.com>' });
    expect(prodRecord?.requestIds.sort()).toEqual(['A', 'C']);
    expect(prodRecord?.durationMs).toBeGreaterThanOrEqual(0);
    // The lock was taken and released around each deploy.
    expect(
      events()
        .slice(0, 3)
        .map((event) => `${event.type} ${event.env}`),
    ).toEqual(['lock-released prod', 'deployed prod', 'lock-acquired prod']);
    const table = repo.ok(['log', '--deployments', '--env', 'prod']).stdout;
    expect(table).toMatch(/prod\s+deployed\s+ok\s+Test Author <author@example.com>\s+[0-9a-f]{7}\s+1\.1\.0\s+A, C/);
    expect(table).not.toContain(' test ');
  }, 120_000);

  it('a failing after hook fails the deploy (exit 1), leaves current on the previous release, and records ok=false', () => {
    repo.ok(['promote', 'B', '--to', 'prod']);
    writeFileSync(join(marks, 'fail-after'), '');
    const result = repo.relctl(['deploy', 'prod']);
    rmSync(join(marks, 'fail-after'));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('[deploy prod] restarting for 1.2.0');
    expect(result.stderr).toBe(
      `relctl: deploy of prod at ${repo.sha('main').slice(0, 7)} (1.2.0) failed: the after hook exited with status 1; current stays on releases/1.1.0. Recorded as failed in the audit log.\n`,
    );
    expect(current('prod')).toBe('releases/1.1.0');
    expect(listDir(join(srv, 'prod', 'current'))).toEqual(listTree(repo, 'v1.1.0'));
    expect(existsSync(join(srv, 'prod', 'releases', '1.2.0'))).toBe(false);
    expect(deployments('prod')[0]).toMatchObject({ type: 'deployed', sha: repo.sha('main'), version: '1.2.0', ok: false });
    expect(events()[1]?.data).toMatchObject({ ok: false, exitCode: 1, failedStep: 'after', strategy: 'directory' });

    repo.ok(['deploy', 'prod']);
    expect(current('prod')).toBe('releases/1.2.0');
    expect(listDir(join(srv, 'prod', 'current'))).toEqual(listTree(repo, 'main'));
  }, 120_000);

  it('rollback puts the previous release back in one rename, touches no branch, and records rolled-back', () => {
    const refsBefore = branchRefs();
    const kept = statSync(join(srv, 'prod', 'releases', '1.1.0')).ino;
    const dry = repo.ok(['rollback', 'prod', '--dry-run']);
    expect(dry.stdout).toContain(`going back to ${repo.sha('v1.1.0^{commit}').slice(0, 7)} (1.1.0)`);
    expect(current('prod')).toBe('releases/1.2.0');

    const result = repo.ok(['rollback', 'prod', '--reason', 'checkout broken in 1.2.0']);
    expect(result.stdout).toContain('[deploy prod] release 1.1.0 already holds');
    expect(result.stdout).toContain(`Rolled back prod to ${repo.sha('v1.1.0^{commit}').slice(0, 7)} (1.1.0)`);
    expect(current('prod')).toBe('releases/1.1.0');
    // The same folder, not a new export: only the `current` link moved.
    expect(statSync(join(srv, 'prod', 'releases', '1.1.0')).ino).toBe(kept);
    expect(listDir(join(srv, 'prod', 'current'))).toEqual(listTree(repo, 'v1.1.0'));
    expect(branchRefs()).toBe(refsBefore);
    expect(deployments('prod')[0]).toMatchObject({ type: 'rolled-back', version: '1.1.0', ok: true, reason: 'checkout broken in 1.2.0' });

    const status = JSON.parse(repo.ok(['status', '--json']).stdout) as { environments: Array<{ name: string; lastDeployment?: { type: string; version?: string } }> };
    expect(status.environments.find((env) => env.name === 'prod')?.lastDeployment).toMatchObject({ type: 'rolled-back', version: '1.1.0' });
  }, 120_000);

  it('two deploys of prod at once: one deploys, the other is refused naming the holder; current is never corrupt', async () => {
    writeFileSync(join(marks, 'slow'), '');
    const logBefore = deployments('prod').length;
    const [first, second] = await Promise.all([startRelctl(repo.dir, ['deploy', 'prod']).done, startRelctl(repo.dir, ['deploy', 'prod']).done]);
    rmSync(join(marks, 'slow'));
    const results = [first, second].sort((a, b) => a!.code - b!.code);
    expect(
      results.map((result) => result!.code),
      results.map((result) => result!.stderr).join('\n'),
    ).toEqual([0, 2]);
    expect(results[1]!.stderr).toMatch(/^relctl: prod is being deployed by Test Author <author@example.com> \(.*\); wait for it to finish, or pass --force/);
    expect(current('prod')).toBe('releases/1.2.0');
    expect(listDir(join(srv, 'prod', 'current'))).toEqual(listTree(repo, 'main'));
    expect(readdirSync(join(srv, 'prod', 'releases')).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(deployments('prod').length).toBe(logBefore + 1);
  }, 120_000);

  it('SIGINT stops the deploy, records it as failed and releases the lock; a crashed deploy keeps the lock until --force', async () => {
    writeFileSync(join(marks, 'slow'), '');
    try {
      // Interrupted during the (slow) before hook.
      const interrupted = startRelctl(repo.dir, ['deploy', 'prod']);
      await until(() => /\[deploy prod\] (exported|release )/.test(interrupted.output()), 'the release folder');
      interrupted.child.kill('SIGINT');
      const result = await interrupted.done;
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('failed: the before hook was stopped by SIGINT; current stays on releases/1.2.0.');
      expect(current('prod')).toBe('releases/1.2.0');
      expect(events()[1]).toMatchObject({ type: 'deployed', data: { ok: false, interrupted: 'SIGINT' } });
      expect(events()[0]?.type).toBe('lock-released');

      // Killed outright: nothing releases the lock.
      const crashed = startRelctl(repo.dir, ['deploy', 'prod']);
      await until(() => /\[deploy prod\] (exported|release )/.test(crashed.output()), 'the release folder');
      crashed.child.kill('SIGKILL');
      await crashed.done;
      expect(events()[0]?.type).toBe('lock-acquired');
      const kim = { GIT_AUTHOR_NAME: 'Kim', GIT_AUTHOR_EMAIL: 'kim@example.com' };
      const refused = repo.relctl(['deploy', 'prod'], kim);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        /^relctl: prod is being deployed by Test Author <author@example.com> \(lock taken .*, expires .*\); wait for it to finish, or pass --force with a reason\.$/m,
      );
    } finally {
      rmSync(join(marks, 'slow'), { force: true });
    }
    const kim = { GIT_AUTHOR_NAME: 'Kim', GIT_AUTHOR_EMAIL: 'kim@example.com' };
    const forced = repo.ok(['deploy', 'prod', '--force', '--reason', 'the CI runner died'], kim);
    expect(forced.stderr).toContain('note: took the deploy lock of prod from Test Author <author@example.com> (--force: the CI runner died).');
    expect(forced.stderr).toContain("note: removed the lock file of Test Author <author@example.com>'s deploy");
    expect(current('prod')).toBe('releases/1.2.0');
    const acquired = events().find((event) => event.type === 'lock-acquired');
    expect(acquired).toMatchObject({ reason: 'the CI runner died', data: { overridden: { actor: 'Test Author <author@example.com>' } } });
  }, 120_000);

  it('refuses a SHA that is not on the branch (exit 3) and changes nothing; --override-sha needs a reason', () => {
    const before = repo.fingerprint();
    const live = current('prod');
    const offBranch = repo.sha('req/D');
    const refused = repo.relctl(['deploy', 'prod', '--sha', offBranch]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe(
      `relctl: ${offBranch.slice(0, 7)} is not on main (the branch of prod, at ${repo.sha('main').slice(0, 7)}); deploy a commit of that branch, or pass --override-sha --reason "…" to deploy it anyway.\n`,
    );
    expect(repo.relctl(['deploy', 'prod', '--sha', offBranch, '--override-sha']).code).toBe(2);
    expect(repo.fingerprint()).toBe(before);
    expect(current('prod')).toBe(live);
    // An older commit of the branch, named by its tag, is fine.
    expect(repo.ok(['deploy', 'prod', '--sha', 'v1.1.0', '--dry-run']).stdout).toContain('(1.1.0) into');
  }, 120_000);
});
