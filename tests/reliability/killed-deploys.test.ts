import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, makeTempDir } from '@relctl/testing';
import { report, saveCounts } from './support/mode.js';
import { relctlAsync, relctlSync, show, type RelctlRun } from './support/run-relctl.js';
import { makeRequest, SHOP_FILES, writeFiles } from './support/team.js';

/**
 * Issue 16, section 4: deploys (the `directory` strategy) killed with SIGKILL in their hooks, and
 * the lock files such deploys leave. The built CLI in a repository without a remote; the hooks
 * write to `hooks.log` when they start and end, so overlapping hooks show.
 */

const KIM = { GIT_AUTHOR_NAME: 'Kim', GIT_AUTHOR_EMAIL: 'kim@example.com', GIT_COMMITTER_NAME: 'Kim', GIT_COMMITTER_EMAIL: 'kim@example.com' };
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Whether any process of group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** One line of `hooks.log`: which hook of which process group started or ended, and when (ms). */
interface HookMark {
  what: 'start' | 'end';
  hook: string;
  pgid: number;
  ms: number;
}

describe('killed deploys (directory strategy)', () => {
  let dir: string;
  let srv: string;
  let marks: string;
  const counts = { injected: 0, recovered: 0, refusals: 0, refusalsLogged: 0 };
  const root = () => join(srv, 'prod');
  const lockFile = () => join(root(), '.relctl-deploy.lock');
  const current = () => readlinkSync(join(root(), 'current'));
  const logTip = () => git(dir, ['rev-parse', 'refs/relctl/log']);
  const run = (args: string[], env: Record<string, string> = {}): RelctlRun => relctlSync(dir, args, env);
  const ok = (args: string[], env: Record<string, string> = {}): RelctlRun => {
    const result = run(args, env);
    expect(result.code, show(result, args)).toBe(0);
    return result;
  };
  const hookMarks = (): HookMark[] =>
    existsSync(join(marks, 'hooks.log'))
      ? readFileSync(join(marks, 'hooks.log'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [what, hook, pgid, ns] = line.split(' ');
            return { what: what as 'start' | 'end', hook: hook ?? '', pgid: Number(pgid), ms: Number(ns) / 1e6 };
          })
      : [];
  /** Hooks that ran at the same time as another hook in the deploy root (there must be none). */
  const overlaps = (): string[] => {
    const runs = new Map<number, { hook: string; start: number; end: number }>();
    for (const mark of hookMarks()) {
      const entry = runs.get(mark.pgid) ?? { hook: mark.hook, start: mark.ms, end: Number.POSITIVE_INFINITY };
      if (mark.what === 'start') entry.start = mark.ms;
      else entry.end = mark.ms;
      runs.set(mark.pgid, entry);
    }
    // A hook that never wrote its end was killed: it ended no later than the next hook's check (groupAlive below).
    const all = [...runs.entries()].map(([pgid, entry]) => ({ pgid, ...entry, end: Number.isFinite(entry.end) || groupAlive(pgid) ? entry.end : entry.start }));
    const found: string[] = [];
    for (const a of all) for (const b of all) if (a.pgid < b.pgid && a.start < b.end && b.start < a.end) found.push(`${a.hook}#${a.pgid} and ${b.hook}#${b.pgid}`);
    return found;
  };
  const lastStart = (hook: string): HookMark | undefined => hookMarks().findLast((mark) => mark.what === 'start' && mark.hook === hook);

  beforeAll(() => {
    const base = makeTempDir('killed-deploys');
    dir = join(base, 'repo');
    srv = join(base, 'srv');
    marks = join(base, 'marks');
    mkdirSync(dir);
    mkdirSync(marks);
    // Each hook notes its start and end (with its process group); `slow-<hook>` makes it sleep (as many seconds as the file says), `fail-after` makes after fail.
    const hook = (name: string) => [
      'sh',
      '-c',
      `echo "start ${name} $$ $(date +%s%N)" >> '${marks}/hooks.log'; echo "${name}-start"; ` +
        `if [ -e '${marks}/slow-${name}' ]; then sleep "$(cat '${marks}/slow-${name}')"; fi; echo "end ${name} $$ $(date +%s%N)" >> '${marks}/hooks.log'; test ! -e '${marks}/fail-${name}'`,
    ];
    const config = {
      requestPrefix: 'req/',
      tagPrefix: 'v',
      remote: null,
      environments: [
        { name: 'test', kind: 'integration', branch: 'env/test' },
        {
          name: 'prod',
          kind: 'release',
          branch: 'main',
          source: 'test',
          rules: ['tested-in', 'changeset'],
          deploy: { strategy: 'directory', path: join(srv, 'prod'), keep: 5, timeoutSeconds: 60, before: hook('before'), after: hook('after') },
        },
      ],
    };
    git(dir, ['init', '-q', '--initial-branch=main', '.']);
    writeFiles(dir, { ...SHOP_FILES, 'relctl.config.yaml': `${JSON.stringify(config, null, 2)}\n` });
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'The web shop with relctl set up']);
    git(dir, ['branch', 'env/test', 'main']);
    makeRequest(dir, 'A', { bump: 'minor' });
    makeRequest(dir, 'B', { bump: 'minor' });
    ok(['promote', 'A', 'B', '--to', 'test']);
    ok(['promote', 'A', '--to', 'prod']);
    ok(['deploy', 'prod']);
    expect(current()).toBe('releases/1.1.0');
    ok(['promote', 'B', '--to', 'prod']);
  }, 300_000);

  afterAll(() => {
    saveCounts('killed-deploys', counts);
    report(`killed deploys: injected ${counts.injected}, recovered ${counts.recovered}; refusals ${counts.refusals}, of which logged ${counts.refusalsLogged}`);
    // A failed run may leave an orphaned hook behind: stop every hook group this file started.
    for (const mark of hookMarks()) {
      try {
        process.kill(-mark.pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (dir) rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('SIGKILL during the before hook: the hook group dies with relctl, and --force takes over only a lock whose hooks have ended', async () => {
    writeFileSync(join(marks, 'slow-before'), '4');
    const killed = await relctlAsync(dir, ['deploy', 'prod'], { killWhen: (out) => out.includes('before-start'), killDelayMs: 300 });
    counts.injected += 1;
    expect(killed.signal, show(killed)).toBe('SIGKILL');
    const first = lastStart('before');
    expect(first).toBeDefined();
    // The hook's whole process group is stopped soon after relctl died (SIGTERM, then SIGKILL after the grace).
    await until(() => !groupAlive(first!.pgid), `the before hook (process group ${first!.pgid}) to stop after relctl was killed`, 6_000).catch((error: Error) => {
      throw new Error(`${error.message}; hooks.log:\n${readFileSync(join(marks, 'hooks.log'), 'utf8')}`);
    });
    expect(hookMarks().filter((mark) => mark.pgid === first!.pgid && mark.what === 'end')).toEqual([]);

    rmSync(join(marks, 'slow-before'));
    const forced = run(['deploy', 'prod', '--force', '--reason', 'the CI runner died'], KIM);
    expect(forced.code, show(forced)).toBe(0);
    expect(current()).toBe('releases/1.2.0');
    expect(overlaps()).toEqual([]);
    expect(existsSync(lockFile())).toBe(false);
    counts.recovered += 1;
  }, 120_000);

  it("SIGKILL of relctl and of its hook watchdog: the takeover refuses while the hook's process group runs, logs nothing, and works after it ended", async () => {
    // Long enough to outlast the takeover below however slow the machine is; the test stops it itself.
    writeFileSync(join(marks, 'slow-before'), '120');
    // A new commit on main to deploy (a new release folder, so the before hook runs again).
    makeRequest(dir, 'C', { bump: 'patch' });
    ok(['promote', 'C', '--to', 'test']);
    ok(['promote', 'C', '--to', 'prod']);
    const startsBefore = hookMarks().filter((mark) => mark.what === 'start' && mark.hook === 'before').length;
    const pending = relctlAsync(dir, ['deploy', 'prod']);
    await until(() => hookMarks().filter((mark) => mark.what === 'start' && mark.hook === 'before').length > startsBefore, 'the before hook to start');
    const hook = lastStart('before')!;
    // Every process of this relctl outside the hook's group (relctl itself and the helpers it started) dies at once.
    const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,ppid=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length >= 3)
      .map(([pid, pgid, ppid, ...args]) => ({ pid: Number(pid), pgid: Number(pgid), ppid: Number(ppid), args: args.join(' ') }));
    const hookParent = ps.find((proc) => proc.pid === hook.pgid)?.ppid;
    expect(hookParent).toBeDefined();
    const victims = ps.filter((proc) => proc.pid === hookParent || (proc.ppid === hookParent && proc.pgid !== hook.pgid));
    for (const victim of victims) process.kill(victim.pid, 'SIGKILL');
    const killed = await pending;
    counts.injected += 1;
    expect(killed.signal, show(killed)).toBe('SIGKILL');
    expect(groupAlive(hook.pgid)).toBe(true);

    const tip = logTip();
    const refused = run(['deploy', 'prod', '--force', '--reason', 'the CI runner died'], KIM);
    counts.refusals += 1;
    expect(refused.code, show(refused)).toBe(2);
    expect(refused.stderr).toContain(`process group ${hook.pgid}`);
    expect(refused.stderr).toContain('still running');
    if (logTip() !== tip) counts.refusalsLogged += 1;
    expect(logTip()).toBe(tip);
    expect(existsSync(lockFile())).toBe(true);

    // What the message says to do: stop the hook's process group; then --force takes over.
    process.kill(-hook.pgid, 'SIGTERM');
    await until(() => !groupAlive(hook.pgid), 'the orphaned before hook to end', 10_000);
    rmSync(join(marks, 'slow-before'));
    const forced = run(['deploy', 'prod', '--force', '--reason', 'the CI runner died'], KIM);
    expect(forced.code, show(forced)).toBe(0);
    expect(current()).toBe('releases/1.2.1');
    expect(overlaps()).toEqual([]);
    counts.recovered += 1;
  }, 120_000);

  it('SIGKILL during a failing after hook: status and deploy name the unverified release, rollback targets the last verified one', async () => {
    makeRequest(dir, 'D', { bump: 'patch' });
    ok(['promote', 'D', '--to', 'test']);
    ok(['promote', 'D', '--to', 'prod']);
    // The release verified last, and the one the killed deploy leaves (numbers depend on what ran before).
    const verified = current().replace('releases/', '');
    const killedRelease = git(dir, ['tag', '--points-at', 'main']).replace(/^v/, '');
    const escaped = (text: string) => text.replace(/\./g, '\\.');
    writeFileSync(join(marks, 'slow-after'), '4');
    writeFileSync(join(marks, 'fail-after'), '');
    try {
      const killed = await relctlAsync(dir, ['deploy', 'prod'], { killWhen: (out) => out.includes('after-start'), killDelayMs: 300 });
      counts.injected += 1;
      expect(killed.signal, show(killed)).toBe('SIGKILL');
    } finally {
      rmSync(join(marks, 'slow-after'));
      rmSync(join(marks, 'fail-after'));
    }
    // The killed deploy had switched current to its release and its health check never passed.
    expect(current()).toBe(`releases/${killedRelease}`);

    const status = run(['status']);
    expect(status.code, show(status)).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`prod: .*releases/${escaped(killedRelease)}.*not verified`));
    const statusJson = JSON.parse(ok(['status', '--json']).stdout) as { environments: Array<{ name: string; unverifiedRelease?: { release: string } }> };
    expect(statusJson.environments.find((env) => env.name === 'prod')?.unverifiedRelease).toMatchObject({ release: killedRelease });

    // The killed deploy still holds prod's lock in the log: a dry run says what --force would do.
    const dry = ok(['rollback', 'prod', '--dry-run', '--force', '--reason', 'killed'], KIM);
    expect(dry.stdout).toMatch(new RegExp(`live now: [0-9a-f]{7} \\(${escaped(killedRelease)}, not verified`));
    expect(dry.stdout).toMatch(new RegExp(`going back to [0-9a-f]{7} \\(${escaped(verified)}\\)`));

    const deployDry = ok(['deploy', 'prod', '--dry-run', '--force', '--reason', 'killed'], KIM);
    expect(deployDry.stdout).toContain(`releases/${killedRelease}`);
    expect(deployDry.stdout).toContain('not verified');

    const rolled = run(['rollback', 'prod', '--force', '--reason', 'the deploy was killed in its health check'], KIM);
    expect(rolled.code, show(rolled)).toBe(0);
    expect(current()).toBe(`releases/${verified}`);
    // The log now says what happened to the killed release: a deployment that failed and was never verified.
    const log = ok(['log', '--deployments', '--env', 'prod', '--json']).stdout;
    const history = JSON.parse(log) as Array<{ type: string; version: string | null; ok: boolean }>;
    expect(history.some((record) => record.type === 'deployed' && record.version === killedRelease && !record.ok)).toBe(true);
    expect(run(['status']).stdout).not.toContain('not verified');
    counts.recovered += 1;
  }, 120_000);

  it('an empty, a garbled and a stale lock file: refused at once, naming the file, nothing logged; --force clears them', () => {
    const cases: Array<{ name: string; content: string; want: RegExp }> = [
      { name: 'empty', content: '', want: /is empty/ },
      { name: 'garbled', content: '{"actor": "Ann', want: /cannot be read/ },
      {
        name: 'stale',
        content: `${JSON.stringify({ actor: 'Ann <ann@example.com>', env: 'prod', sha: 'a'.repeat(40), since: '2026-01-01T00:00:00.000Z', pid: 2 ** 22 + 17, host: hostname(), token: 'x' })}\n`,
        want: /pid 4194321 on .* is gone/,
      },
    ];
    for (const { name, content, want } of cases) {
      writeFileSync(lockFile(), content);
      const old = new Date(Date.now() - 60_000);
      utimesSync(lockFile(), old, old);
      const tip = logTip();
      const refused = run(['deploy', 'prod']);
      counts.refusals += 1;
      expect(refused.code, `${name}: ${show(refused)}`).toBe(2);
      expect(refused.ms, `${name}: refused at once`).toBeLessThan(15_000);
      expect(refused.stderr, name).toMatch(want);
      expect(refused.stderr, name).toContain(lockFile());
      expect(refused.stderr, name).toContain('--force');
      expect(refused.stderr.trim().split('\n'), name).toHaveLength(1);
      if (logTip() !== tip) counts.refusalsLogged += 1;
      expect(logTip(), `${name}: nothing logged`).toBe(tip);
      const forced = run(['deploy', 'prod', '--force', '--reason', `${name} lock left by a crash`]);
      expect(forced.code, `${name}: ${show(forced)}`).toBe(0);
      expect(forced.stderr, name).toContain(`removed the ${name === 'stale' ? 'lock file of Ann' : name}`);
      expect(existsSync(lockFile()), name).toBe(false);
      counts.recovered += 1;
    }
    counts.injected += cases.length;
  }, 180_000);
});
