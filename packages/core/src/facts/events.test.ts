import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../model/audit-event.js';
import { approvalsFromEvents } from './approvals-from-events.js';
import { sinceFromEvents } from './since-from-events.js';

const ev = (event: Partial<AuditEvent> & Pick<AuditEvent, 'type' | 'at'>): AuditEvent => ({ actor: 'Kim <k@x>', ...event });

describe('approvalsFromEvents', () => {
  it('turns approved events into approvals and skips malformed ones', () => {
    const events = [
      ev({ type: 'approved', at: 1, requestIds: ['A', 'C'], env: 'prod', sha: 's1' }),
      ev({ type: 'approved', at: 2, requestIds: ['A'], env: 'prod', sha: 's1' }),
      ev({ type: 'approved', at: 3, requestIds: ['B'], env: 'prod', sha: 's2', data: { by: 'Ana' } }),
      ev({ type: 'approved', at: 4, requestIds: ['B'], sha: 's2' }),
      ev({ type: 'approved', at: 5, requestIds: ['../x'], env: 'prod', sha: 's2' }),
      ev({ type: 'promoted', at: 6, requestIds: ['D'], env: 'prod', sha: 's3' }),
    ];
    expect(approvalsFromEvents(events)).toEqual([
      { requestId: 'A', env: 'prod', sha: 's1', by: 'Kim <k@x>', at: 1 },
      { requestId: 'C', env: 'prod', sha: 's1', by: 'Kim <k@x>', at: 1 },
      { requestId: 'B', env: 'prod', sha: 's2', by: 'Ana', at: 3 },
    ]);
  });
});

describe('sinceFromEvents', () => {
  it('starts a stay at the promotion, survives rebuilds, restarts on a new SHA, ends on demotion', () => {
    const events = [
      ev({ type: 'promoted', at: 10, env: 'test', requestIds: ['A'], data: { shas: { A: 's1' } } }),
      ev({ type: 'promoted', at: 20, env: 'test', requestIds: ['A', 'B'], data: { rebuild: true, removed: ['C'] } }),
      ev({ type: 'promoted', at: 25, env: 'prod', requestIds: ['A'] }),
    ];
    expect(sinceFromEvents({ events, env: 'test', requestId: 'A' })).toBe(10);
    expect(sinceFromEvents({ events, env: 'test', requestId: 'B' })).toBe(20);
    const moved = [...events, ev({ type: 'promoted', at: 30, env: 'test', requestIds: ['A'], data: { shas: { A: 's2' } } })];
    expect(sinceFromEvents({ events: moved, env: 'test', requestId: 'A' })).toBe(30);
    const demoted = [...events, ev({ type: 'demoted', at: 40, env: 'test', requestIds: ['A'] })];
    expect(sinceFromEvents({ events: demoted, env: 'test', requestId: 'A' })).toBeUndefined();
    const shipped = [...events, ev({ type: 'promoted', at: 50, env: 'test', requestIds: ['B'], data: { rebuild: true, removed: ['A'] } })];
    expect(sinceFromEvents({ events: shipped, env: 'test', requestId: 'A' })).toBeUndefined();
    expect(sinceFromEvents({ events, env: 'test', requestId: 'Z' })).toBeUndefined();
  });
});
