import { describe, expect, it } from 'vitest';
import type { RunDeployResult } from '@relctl/deploy';
import { describeDeployOutcome } from './describe-deploy-outcome.js';

const sha = 'b'.repeat(40);
const directory = (fields: Partial<Extract<RunDeployResult, { strategy: 'directory' }>>): RunDeployResult => ({
  strategy: 'directory',
  ok: true,
  exitCode: 0,
  durationMs: 1234,
  timedOut: false,
  root: '/srv/app',
  release: '1.2.0',
  previous: '1.1.0',
  current: '1.2.0',
  reused: false,
  pruned: [],
  ...fields,
});
const base = { env: 'prod', sha, version: '1.2.0', timeoutSeconds: 30, interruptedBy: null };

describe('describeDeployOutcome', () => {
  it('says what is live after a deploy or a rollback', () => {
    expect(describeDeployOutcome({ ...base, result: directory({}), action: 'deploy' })).toBe('Deployed prod at bbbbbbb (1.2.0) in 1.2s; current is releases/1.2.0.');
    expect(
      describeDeployOutcome({
        ...base,
        version: null,
        action: 'rollback',
        result: { strategy: 'command', ok: true, exitCode: 0, durationMs: 50, timedOut: false, sourceDir: '/tmp/x' },
      }),
    ).toBe('Rolled back prod to bbbbbbb in 0.1s.');
  });

  it('names the failing step and where current stays, in one line', () => {
    const failed = directory({ ok: false, exitCode: 3, current: '1.1.0', failedStep: 'after' });
    expect(describeDeployOutcome({ ...base, result: failed, action: 'deploy' })).toBe(
      'deploy of prod at bbbbbbb (1.2.0) failed: the after hook exited with status 3; current stays on releases/1.1.0. Recorded as failed in the audit log.',
    );
    const timedOut = { strategy: 'command' as const, ok: false, exitCode: null, durationMs: 30_000, timedOut: true, sourceDir: '/tmp/x' };
    expect(describeDeployOutcome({ ...base, result: timedOut, action: 'deploy' })).toContain('the deploy command ran out of time (30s).');
    expect(describeDeployOutcome({ ...base, result: { ...timedOut, timedOut: false }, action: 'deploy', interruptedBy: 'SIGINT' })).toContain(
      'the deploy command was stopped by SIGINT.',
    );
    expect(describeDeployOutcome({ ...base, result: directory({ ok: false, exitCode: 1, current: null, failedStep: 'before' }), action: 'deploy' })).toContain(
      'the before hook exited with status 1; current stays on nothing.',
    );
  });
});
