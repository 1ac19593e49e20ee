import { describe, expect, it } from 'vitest';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { describePlan } from './describe-plan.js';
import type { Plan } from './plan-step.js';

describe('describePlan', () => {
  it('prints one line per step kind', () => {
    const a = '1a2b3c4d'.padEnd(40, '0');
    const plan: Plan = {
      command: 'x',
      expected: { 'refs/heads/main': null, 'refs/heads/req/A': a, 'refs/heads/env/test': null, [AUDIT_LOG_REF]: null },
      steps: [
        { kind: 'reset', ref: 'refs/heads/env/test', to: { sha: 'f'.repeat(40) } },
        { kind: 'reuse', ref: 'refs/heads/env/test', requestId: 'A', commit: 'e'.repeat(40) },
        { kind: 'merge', ref: 'refs/heads/main', env: 'prod', requestId: 'A', sha: a, message: 'm' },
        { kind: 'merge', ref: 'refs/heads/main', env: 'prod', requestId: 'Q', sha: a, message: 'm' },
        { kind: 'release', ref: 'refs/heads/main', env: 'prod', requestIds: ['A'] },
        { kind: 'tag', ref: 'refs/heads/main' },
        { kind: 'commit-files', ref: 'refs/heads/req/A', files: { 'a.md': 'x', 'b.md': null }, message: 'Edit' },
        { kind: 'record', event: { type: 'overridden', env: 'prod', requestIds: ['A'], reason: 'hotfix', data: { rule: 'soak' } } },
        { kind: 'record', event: { type: 'released', env: 'prod', requestIds: ['A'] }, shaOf: 'refs/heads/main', withRelease: true },
        { kind: 'update-refs', refs: ['refs/heads/main', 'refs/tags/v1.0.0', AUDIT_LOG_REF] },
        { kind: 'push', remote: 'origin', refs: ['refs/heads/main'] },
      ],
      notes: [],
    };
    expect(describePlan(plan)).toEqual([
      'reset env/test to fffffff',
      'keep req/A on env/test (merge eeeeeee)',
      'merge req/A (1a2b3c4) into main',
      'merge request Q (1a2b3c4) into main',
      'release A on main (version, changelog, changesets)',
      'tag the release on main',
      'commit "Edit" on req/A (a.md, delete b.md)',
      'record overridden A (prod) rule soak: hotfix',
      'record released A (prod)',
      'update refs in one transaction: main, v1.0.0, refs/relctl/log',
      'push to origin: main',
    ]);
  });

  it('prints nothing for an empty plan', () => {
    expect(describePlan({ command: 'x', expected: {}, steps: [], notes: ['already up to date'] })).toEqual([]);
  });
});
