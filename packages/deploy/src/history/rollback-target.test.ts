import { describe, expect, it } from 'vitest';
import { NotFoundError, UsageError, type AuditEvent } from '@relctl/core';
import { deploymentEvent } from './deployment-event.js';
import { deploymentHistory } from './deployment-history.js';
import { rollbackTarget } from './rollback-target.js';

const sha = (c: string) => c.repeat(40);
let clock = 0;
const deployed = (s: string, version: string | null, ok = true, env = 'prod'): AuditEvent => ({
  ...deploymentEvent({ type: 'deployed', env, sha: s, version, result: { ok, exitCode: ok ? 0 : 1, durationMs: 1200 } }),
  at: (clock += 1000),
  actor: 'CI <ci@example.com>',
});
const rolledBack = (s: string, version: string | null, ok = true): AuditEvent => ({
  ...deploymentEvent({ type: 'rolled-back', env: 'prod', sha: s, version, result: { ok, exitCode: 0, durationMs: 300 }, reason: 'errors' }),
  at: (clock += 1000),
  actor: 'Ann <ann@example.com>',
});

describe('rollbackTarget', () => {
  const v1 = deployed(sha('1'), '1.0.0');
  const v2 = deployed(sha('2'), '1.1.0');
  const v3 = deployed(sha('3'), '1.2.0');
  const other = deployed(sha('9'), null, true, 'test');

  it('with a release the server runs unverified (a killed deploy the log never saw), targets the last verified deployment', () => {
    const target = rollbackTarget({ events: [v1, v2, v3], env: 'prod', unverified: { sha: sha('4'), version: '1.3.0' } });
    expect(target).toMatchObject({ sha: sha('3'), version: '1.2.0', current: { sha: sha('3') } });
    // Killed while redeploying what was verified before: go further back.
    expect(rollbackTarget({ events: [v1, v2, v3], env: 'prod', unverified: { sha: sha('3'), version: '1.2.0' } })).toMatchObject({ sha: sha('2') });
  });

  it('targets the previous successful deployment, ignoring other environments', () => {
    const target = rollbackTarget({ events: [v1, v2, other, v3], env: 'prod' });
    expect(target).toMatchObject({ sha: sha('2'), version: '1.1.0', current: { sha: sha('3') } });
  });

  it('after a failed attempt targets what was live before it', () => {
    const failed = deployed(sha('4'), '1.3.0', false);
    expect(rollbackTarget({ events: [v1, v2, v3, failed], env: 'prod' })).toMatchObject({ sha: sha('3'), current: { sha: sha('3') } });
  });

  it('rolling back twice goes two releases back, not back and forth', () => {
    const events = [v1, v2, v3, rolledBack(sha('2'), '1.1.0')];
    expect(rollbackTarget({ events, env: 'prod' }).sha).toBe(sha('1'));
    expect(() => rollbackTarget({ events: [...events, rolledBack(sha('1'), '1.0.0')], env: 'prod' })).toThrow(NotFoundError);
  });

  it('skips a redeploy of the live SHA', () => {
    expect(rollbackTarget({ events: [v1, v2, deployed(sha('2'), '1.1.0')], env: 'prod' }).sha).toBe(sha('1'));
  });

  it('finds the deployment named by version, SHA or SHA prefix', () => {
    const events = [v1, v2, v3];
    expect(rollbackTarget({ events, env: 'prod', to: '1.0.0' }).sha).toBe(sha('1'));
    expect(rollbackTarget({ events, env: 'prod', to: sha('2') }).version).toBe('1.1.0');
    expect(rollbackTarget({ events, env: 'prod', to: '2222222' }).version).toBe('1.1.0');
    expect(() => rollbackTarget({ events, env: 'prod', to: '222' })).toThrow(NotFoundError);
    expect(() => rollbackTarget({ events: [...events, deployed(sha('4'), '1.3.0', false)], env: 'prod', to: '1.3.0' })).toThrow(NotFoundError);
    const twins = [deployed(`abcdef1${'0'.repeat(33)}`, null), deployed(`abcdef1${'1'.repeat(33)}`, null)];
    expect(() => rollbackTarget({ events: twins, env: 'prod', to: 'abcdef1' })).toThrow(UsageError);
  });

  it('has nothing to roll back to with one deployment, and says how to look', () => {
    expect(() => rollbackTarget({ events: [v1], env: 'prod' })).toThrow(/no earlier successful deployment.*relctl log --deployments --env prod/);
    expect(() => rollbackTarget({ events: [], env: 'prod' })).toThrow(NotFoundError);
  });
});

describe('deploymentHistory', () => {
  it('lists deployments and rollbacks of an environment as flat records', () => {
    const events: AuditEvent[] = [
      deployed(sha('1'), '1.0.0'),
      { type: 'approved', at: 5, actor: 'x', env: 'prod' },
      { ...deployed(sha('2'), null, false), requestIds: ['A', 'B'] },
      rolledBack(sha('1'), '1.0.0'),
      { type: 'deployed', at: 7, actor: 'legacy', env: 'prod', data: { version: '0.9.0' } },
    ];
    const history = deploymentHistory({ events, env: 'prod' });
    expect(history.map((record) => [record.type, record.sha?.[0] ?? null, record.version, record.ok])).toEqual([
      ['deployed', '1', '1.0.0', true],
      ['deployed', '2', null, false],
      ['rolled-back', '1', '1.0.0', true],
      ['deployed', null, '0.9.0', true],
    ]);
    expect(history[1]).toMatchObject({ requestIds: ['A', 'B'], durationMs: 1200 });
    expect(history[2]).toMatchObject({ reason: 'errors', actor: 'Ann <ann@example.com>' });
    expect(deploymentHistory({ events, env: 'test' })).toEqual([]);
  });
});
