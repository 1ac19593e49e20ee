import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../model/audit-event.js';
import { lastLoggedRelease } from './last-logged-release.js';
import { loggedIntegrationMembers } from './logged-integration-members.js';

const base = { at: 0, actor: 'Kim <k@x>' };
const ev = (event: Omit<AuditEvent, 'at' | 'actor'>): AuditEvent => ({ ...base, ...event });
const ref = 'refs/heads/env/test';

describe('loggedIntegrationMembers', () => {
  it('adds promotions, takes a rebuild as the whole set, removes demotions, and forgets what an undo of the branch moved', () => {
    const events = [
      ev({ type: 'promoted', env: 'test', requestIds: ['A'], data: { shas: { A: 'a1' } } }),
      ev({ type: 'promoted', env: 'test', requestIds: ['B', 'C'], data: { shas: { B: 'b1', C: 'c1' } } }),
      ev({ type: 'promoted', env: 'prod', requestIds: ['D'] }),
      ev({ type: 'demoted', env: 'test', requestIds: ['C'] }),
    ];
    expect(loggedIntegrationMembers({ events, env: 'test', ref })).toEqual(
      new Map([
        ['A', 'a1'],
        ['B', 'b1'],
      ]),
    );
    const rebuilt = [...events, ev({ type: 'promoted', env: 'test', requestIds: ['B', 'E'], data: { rebuild: true, removed: ['A'] } })];
    expect(loggedIntegrationMembers({ events: rebuilt, env: 'test', ref })).toEqual(
      new Map([
        ['B', undefined],
        ['E', undefined],
      ]),
    );
    const undone = [...events, ev({ type: 'undone', data: { refs: [ref] } }), ev({ type: 'promoted', env: 'test', requestIds: ['F'], data: { shas: { F: 'f1' } } })];
    expect(loggedIntegrationMembers({ events: undone, env: 'test', ref })).toEqual(new Map([['F', 'f1']]));
  });
});

describe('lastLoggedRelease', () => {
  it('is the newest released event of the environment with its commit, an undone one taken back', () => {
    const events = [
      ev({ type: 'released', env: 'prod', requestIds: ['A'], sha: 'r1', data: { version: '1.0.1', tag: 'v1.0.1' } }),
      ev({ type: 'released', env: 'prod', requestIds: ['B'], sha: 'r2', data: { version: '1.0.2', tag: 'v1.0.2' } }),
    ];
    expect(lastLoggedRelease({ events, env: 'prod', ref: 'refs/heads/main' })).toEqual({ sha: 'r2', version: '1.0.2' });
    expect(lastLoggedRelease({ events: [...events, ev({ type: 'undone', data: { refs: ['refs/heads/main'] } })], env: 'prod', ref: 'refs/heads/main' })?.sha).toBe('r1');
    expect(lastLoggedRelease({ events: [], env: 'prod', ref: 'refs/heads/main' })).toBeNull();
  });
});
