import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../model/audit-event.js';
import { shippedFromEvents } from './shipped-from-events.js';

const ev = (event: Partial<AuditEvent> & Pick<AuditEvent, 'type' | 'at'>): AuditEvent => ({ actor: 'Kim <k@x>', ...event });

describe('shippedFromEvents', () => {
  it('reads which request heads shipped in which production commit from released events, oldest first', () => {
    const events = [
      ev({ type: 'released', at: 1, env: 'prod', requestIds: ['A'], data: { viaPr: true } }),
      ev({ type: 'released', at: 2, env: 'prod', requestIds: ['A', 'C'], data: { viaPr: true, shipped: { commit: 'p1', heads: { A: 'a1', C: 'c1' } } } }),
      ev({ type: 'promoted', at: 3, env: 'prod', requestIds: ['B'], data: { shipped: { commit: 'p2', heads: { B: 'b1' } } } }),
      ev({ type: 'released', at: 4, env: 'staging', requestIds: ['D'], data: { shipped: { commit: 'p3', heads: { D: 'd1' } } } }),
      ev({ type: 'released', at: 5, env: 'prod', requestIds: ['E'], data: { shipped: { commit: 7, heads: { E: 'e1' } } } }),
      ev({ type: 'released', at: 6, env: 'prod', requestIds: ['F'], data: { shipped: { commit: 'p4', heads: { F: 'f1', G: 3 } } } }),
    ];
    expect(shippedFromEvents(events, 'prod')).toEqual([
      { env: 'prod', commit: 'p1', heads: { A: 'a1', C: 'c1' } },
      { env: 'prod', commit: 'p4', heads: { F: 'f1' } },
    ]);
  });
});
