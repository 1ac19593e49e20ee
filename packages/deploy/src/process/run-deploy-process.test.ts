import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '@relctl/testing';
import { runDeployProcess, type RunDeployProcessOptions } from './run-deploy-process.js';

const dir = makeTempDir('proc');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const baseEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };

function run(command: RunDeployProcessOptions['command'], extra: Partial<RunDeployProcessOptions> = {}) {
  const lines: Array<[string, string]> = [];
  const done = runDeployProcess({
    command,
    cwd: dir,
    env: baseEnv,
    timeoutMs: 10_000,
    prefix: '[deploy prod] ',
    output: (line, stream) => lines.push([stream, line]),
    ...extra,
  });
  return { lines, done };
}

/** Running (a zombie left for a non-reaping init counts as gone). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('runDeployProcess', () => {
  it('streams stdout and stderr line by line with the prefix, including a last line without newline', async () => {
    const { lines, done } = run(['sh', '-c', 'printf "one\\ntwo\\r\\n"; printf "oops\\n" >&2; printf "tail"']);
    const result = await done;
    expect(result).toMatchObject({ ok: true, exitCode: 0, timedOut: false });
    expect(lines.filter(([stream]) => stream === 'stdout').map(([, line]) => line)).toEqual(['[deploy prod] one', '[deploy prod] two', '[deploy prod] tail']);
    expect(lines).toContainEqual(['stderr', '[deploy prod] oops']);
  });

  it('runs an argv list without a shell: metacharacters are plain arguments', async () => {
    const marker = join(dir, 'argv-marker');
    const { lines, done } = run(['echo', `$(touch ${marker})`, ';', 'touch', marker]);
    expect((await done).ok).toBe(true);
    expect(lines.map(([, line]) => line)).toEqual([`[deploy prod] $(touch ${marker}) ; touch ${marker}`]);
    expect(existsSync(marker)).toBe(false);
  });

  it('reports the exit status of a failing command and the start error of a missing one', async () => {
    expect(await run('exit 7').done).toMatchObject({ ok: false, exitCode: 7, timedOut: false });
    const missing = run(['/nonexistent/deploy-tool']);
    const result = await missing.done;
    expect(result.ok).toBe(false);
    expect(result.startError).toBe('ENOENT');
    expect(missing.lines.at(-1)?.[1]).toContain('could not start');
  });

  it('kills the whole process group when the time limit runs out', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const started = performance.now();
    const { lines, done } = run(['sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`], { timeoutMs: 300, killGraceMs: 500 });
    const result = await done;
    expect(result).toMatchObject({ ok: false, timedOut: true, exitCode: null });
    expect(performance.now() - started).toBeLessThan(5_000);
    const grandchild = Number(readFileSync(pidFile, 'utf8').trim());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(grandchild)).toBe(false);
    expect(lines.some(([, line]) => line.includes('timed out'))).toBe(true);
  });

  it('finishes when the command exits even if a background child keeps the output open', async () => {
    const pidFile = join(dir, 'daemon.pid');
    const started = performance.now();
    const result = await run(['sh', '-c', `sleep 20 & echo $! > ${pidFile}; echo started`]).done;
    expect(result).toMatchObject({ ok: true, exitCode: 0 });
    expect(performance.now() - started).toBeLessThan(5_000);
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
  });

  it('stops the command when aborted', async () => {
    const controller = new AbortController();
    const { done } = run(['sleep', '30'], { signal: controller.signal, killGraceMs: 200 });
    setTimeout(() => controller.abort(), 100);
    const result = await done;
    expect(result.ok).toBe(false);
    expect(result.signal).toBe('SIGTERM');
  });
});
