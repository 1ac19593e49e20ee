import { describe, expect, it } from 'vitest';
import { MAIN, policy, storyFacts } from './fixtures.spec.js';
import { createPlanningContext } from './planning-context.js';
import { openAfterRelease, syncAndRebuild } from './sync-and-rebuild.js';

describe('syncAndRebuild', () => {
  it('syncs every open request but the shipped ones by id, then rebuilds test without them on the synced heads', () => {
    const facts = storyFacts();
    facts.requests.reverse();
    const ctx = createPlanningContext({ policy: policy(), facts });
    const notes: string[] = [];
    const expected: Record<string, string | null> = { 'refs/heads/main': MAIN };
    const tail = syncAndRebuild({ ctx, shippedIds: new Set(['A', 'C']), baseMoves: true, notes, expected });
    expect(tail.steps.filter((step) => step.kind === 'sync').map((step) => (step.kind === 'sync' ? step.requestId : ''))).toEqual(['B', 'D']);
    expect(tail.steps.slice(0, 2).map((step) => step.kind)).toEqual(['sync', 'sync']);
    expect(tail.records.map((record) => [record.event.type, record.event.requestIds, record.event.data])).toEqual([
      ['synced', ['B', 'D'], { from: 'main' }],
      ['promoted', ['B', 'D'], { rebuild: true, base: 'prod', removed: ['A', 'C'] }],
    ]);
    expect(tail.refs).toEqual(['refs/heads/req/B', 'refs/heads/req/D', 'refs/heads/env/test']);
    expect(Object.keys(expected)).toEqual(['refs/heads/main', 'refs/heads/req/B', 'refs/heads/req/D', 'refs/heads/env/test']);
  });

  it('without an open request: no sync and no synced event; openAfterRelease is what sync syncs by default', () => {
    const facts = storyFacts();
    const ctx = createPlanningContext({ policy: policy(), facts });
    expect(openAfterRelease(ctx).map((request) => request.id)).toEqual(['A', 'B', 'C', 'D']);
    const tail = syncAndRebuild({ ctx, shippedIds: new Set(['A', 'B', 'C', 'D']), baseMoves: true, notes: [], expected: {} });
    expect(tail.steps.some((step) => step.kind === 'sync')).toBe(false);
    expect(tail.records.map((record) => record.event.type)).toEqual(['promoted']);
  });
});
