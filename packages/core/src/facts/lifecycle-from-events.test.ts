import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../model/audit-event.js';
import { lifecycleFromEvents } from './lifecycle-from-events.js';

const at = (n: number, type: AuditEvent['type'], ids: string[], extra: Partial<AuditEvent> = {}): AuditEvent => ({ type, at: n, actor: 'Kim <k@x>', requestIds: ids, ...extra });

describe('lifecycleFromEvents', () => {
  it('takes the last closed/reopened event', () => {
    const lives = lifecycleFromEvents({ events: [at(1, 'closed', ['A'], { reason: 'no' }), at(2, 'closed', ['B']), at(3, 'reopened', ['B'])], releaseEnv: 'prod' });
    expect(lives.get('A')?.closed).toEqual({ at: 1, actor: 'Kim <k@x>', reason: 'no' });
    expect(lives.get('B')?.closed).toBeUndefined();
    expect(lives.get('C')).toBeUndefined();
  });

  it('keeps a revert until the request is promoted into the release environment again', () => {
    const revert = at(1, 'reverted', ['A'], { env: 'prod', data: { mergeCommit: 'm'.repeat(40), sha: 'a'.repeat(40) } });
    expect(lifecycleFromEvents({ events: [revert], releaseEnv: 'prod' }).get('A')?.reverted).toMatchObject({ mergeCommit: 'm'.repeat(40), sha: 'a'.repeat(40) });
    const prepared = [revert, at(2, 'reshipped', ['A'])];
    expect(lifecycleFromEvents({ events: prepared, releaseEnv: 'prod' }).get('A')?.reverted?.reshipped).toBe(true);
    // A rebuild of test and a promotion into test do not ship it; one into prod does.
    const rebuilt = [...prepared, at(3, 'promoted', ['A'], { env: 'test' }), at(4, 'promoted', ['A'], { env: 'prod', data: { rebuild: true } })];
    expect(lifecycleFromEvents({ events: rebuilt, releaseEnv: 'prod' }).get('A')?.reverted).toBeDefined();
    expect(lifecycleFromEvents({ events: [...rebuilt, at(5, 'promoted', ['A'], { env: 'prod' })], releaseEnv: 'prod' }).get('A')?.reverted).toBeUndefined();
  });
});
