import { describe, expect, it } from 'vitest';
import { StateError, type AuditEvent } from '@relctl/core';
import { assertDeployLockFree } from './assert-deploy-lock-free.js';
import { lockHolder } from './lock-holder.js';

const ANN = 'Ann <ann@example.com>';
const BO = 'Bo <bo@example.com>';
const TTL = 30 * 60_000;
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

const lock = (type: 'lock-acquired' | 'lock-released', actor: string, at: number, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  type,
  actor,
  at,
  env: 'prod',
  ...extra,
});

describe('lockHolder', () => {
  it('is free with no events, held after an acquisition, free again after its release', () => {
    expect(lockHolder({ events: [], env: 'prod', now: T0, ttlMs: TTL })).toBeNull();
    const acquired = [lock('lock-acquired', ANN, T0, { sha: 'abc', id: 'e1' })];
    expect(lockHolder({ events: acquired, env: 'prod', now: T0 + 1000, ttlMs: TTL })).toEqual({
      actor: ANN,
      at: T0,
      expiresAt: T0 + TTL,
      sha: 'abc',
      eventId: 'e1',
    });
    expect(lockHolder({ events: acquired, env: 'test', now: T0 + 1000, ttlMs: TTL })).toBeNull();
    expect(lockHolder({ events: [...acquired, lock('lock-released', ANN, T0 + 2000)], env: 'prod', now: T0 + 3000, ttlMs: TTL })).toBeNull();
  });

  it('expires after ttlMs', () => {
    const events = [lock('lock-acquired', ANN, T0)];
    expect(lockHolder({ events, env: 'prod', now: T0 + TTL - 1, ttlMs: TTL })?.actor).toBe(ANN);
    expect(lockHolder({ events, env: 'prod', now: T0 + TTL, ttlMs: TTL })).toBeNull();
  });

  it("a late release of an expired holding does not free the next holder's lock", () => {
    const events = [
      lock('lock-acquired', ANN, T0, { data: { lockId: 'l1' } }),
      lock('lock-acquired', BO, T0 + TTL + 1, { data: { lockId: 'l2' } }),
      lock('lock-released', ANN, T0 + TTL + 5, { data: { lockId: 'l1' } }),
    ];
    expect(lockHolder({ events, env: 'prod', now: T0 + TTL + 10, ttlMs: TTL })).toMatchObject({ actor: BO, lockId: 'l2' });
    const byActor = [lock('lock-acquired', ANN, T0), lock('lock-acquired', BO, T0 + TTL + 1), lock('lock-released', ANN, T0 + TTL + 5)];
    expect(lockHolder({ events: byActor, env: 'prod', now: T0 + TTL + 10, ttlMs: TTL })?.actor).toBe(BO);
    const forced = [...byActor, lock('lock-released', ANN, T0 + TTL + 6, { data: { force: true }, reason: 'stuck' })];
    expect(lockHolder({ events: forced, env: 'prod', now: T0 + TTL + 10, ttlMs: TTL })).toBeNull();
  });

  it('a forced acquisition takes over and keeps its reason', () => {
    const events = [lock('lock-acquired', ANN, T0), lock('lock-acquired', BO, T0 + 10, { reason: 'hotfix, Ann is away' })];
    expect(lockHolder({ events, env: 'prod', now: T0 + 20, ttlMs: TTL })).toMatchObject({ actor: BO, reason: 'hotfix, Ann is away' });
  });
});

describe('assertDeployLockFree', () => {
  const events = [lock('lock-acquired', ANN, T0, { sha: 'abc' })];

  it('passes when free, expired, or already held by the same actor', () => {
    expect(assertDeployLockFree({ events: [], env: 'prod', actor: BO, now: T0, ttlMs: TTL })).toBeNull();
    expect(assertDeployLockFree({ events, env: 'prod', actor: BO, now: T0 + TTL, ttlMs: TTL })).toBeNull();
    expect(assertDeployLockFree({ events, env: 'prod', actor: ANN, now: T0 + 5, ttlMs: TTL })).toBeNull();
  });

  it('refuses naming the holder, unless forced with a reason', () => {
    let error: unknown;
    try {
      assertDeployLockFree({ events, env: 'prod', actor: BO, now: T0 + 5, ttlMs: TTL });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).message).toBe(
      'prod is being deployed by Ann <ann@example.com> (lock taken 2026-01-01T00:00:00.000Z, expires 2026-01-01T00:30:00.000Z); wait for it to finish, or pass --force with a reason.',
    );
    expect(assertDeployLockFree({ events, env: 'prod', actor: BO, now: T0 + 5, ttlMs: TTL, force: { reason: 'outage' } })?.actor).toBe(ANN);
    expect(() => assertDeployLockFree({ events, env: 'prod', actor: BO, now: T0 + 5, ttlMs: TTL, force: { reason: ' ' } })).toThrow(StateError);
  });
});
