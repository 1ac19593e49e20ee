import { describe, expect, it } from 'vitest';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import { planRecord } from './plan-record.js';

const policy = (remote: string | null): Policy => ({
  requestPrefix: 'req/',
  tagPrefix: 'v',
  remote,
  environments: [
    { name: 'test', kind: 'integration', branch: 'env/test', rules: [] },
    { name: 'prod', kind: 'release', branch: 'main', source: 'test', rules: [] },
  ],
});
const facts: Facts = {
  now: 0,
  requests: [],
  environments: [],
  approvals: [],
  events: [{ type: 'synced', at: 1, actor: 'a <a@x>', id: 'f'.repeat(40) }],
  conflicts: [],
};

describe('planRecord', () => {
  it('appends one event on the current log tip in one transaction', () => {
    const plan = planRecord({ policy: policy(null), facts, event: { type: 'synced', requestIds: ['B'] }, command: 'continue' });
    expect(plan.expected).toEqual({ [AUDIT_LOG_REF]: 'f'.repeat(40) });
    expect(plan.steps.map((step) => step.kind)).toEqual(['record', 'update-refs']);
  });

  it('pushes the log when a remote is set', () => {
    const plan = planRecord({ policy: policy('origin'), facts, event: { type: 'synced', requestIds: ['B'] }, command: 'continue' });
    expect(plan.steps.map((step) => step.kind)).toEqual(['record', 'update-refs', 'push']);
  });
});
