import { describe, expect, it } from 'vitest';
import { NotFoundError, UsageError } from '../errors/index.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { LOG, policy, sha, storyFacts } from './fixtures.spec.js';
import { planApproval } from './plan-approval.js';

describe('planApproval', () => {
  it('records an approval of the current head', () => {
    const plan = planApproval({ policy: policy(), facts: storyFacts(), requestId: 'B', env: 'prod', by: 'Kim <kim@example.com>', command: 'approve B' });
    expect(plan).toEqual({
      command: 'approve B',
      expected: { [AUDIT_LOG_REF]: LOG },
      steps: [
        {
          kind: 'record',
          event: { type: 'approved', requestIds: ['B'], env: 'prod', sha: sha('B-head'), data: { by: 'Kim <kim@example.com>' } },
        },
        { kind: 'update-refs', refs: [AUDIT_LOG_REF] },
        { kind: 'push', remote: 'origin', refs: [AUDIT_LOG_REF] },
      ],
      notes: [],
    });
  });

  it('does nothing when the same person already approved this head', () => {
    const plan = planApproval({ policy: policy(), facts: storyFacts(), requestId: 'A', env: 'prod', by: 'Kim <kim@example.com>', command: 'x' });
    expect(plan.steps).toEqual([]);
    expect(plan.notes[0]).toContain('already approved A');
  });

  it('approves again after the head moved (the old approval is stale)', () => {
    const facts = storyFacts();
    facts.requests[0] = { ...facts.requests[0]!, head: sha('A-head-2') };
    const plan = planApproval({ policy: policy(), facts, requestId: 'A', env: 'prod', by: 'Kim <kim@example.com>', command: 'x' });
    expect(plan.steps[0]).toMatchObject({ kind: 'record', event: { sha: sha('A-head-2') } });
  });

  it('refuses an unknown request or environment', () => {
    expect(() => planApproval({ policy: policy(), facts: storyFacts(), requestId: 'Z', env: 'prod', by: 'k', command: 'x' })).toThrow(NotFoundError);
    expect(() => planApproval({ policy: policy(), facts: storyFacts(), requestId: 'A', env: 'qa', by: 'k', command: 'x' })).toThrow(UsageError);
  });
});
