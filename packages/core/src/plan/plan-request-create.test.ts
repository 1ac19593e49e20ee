import { describe, expect, it } from 'vitest';
import { NotFoundError, StateError, UsageError } from '../errors/index.js';
import { parseChangeset } from '../facts/parse-changeset.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { describePlan } from './describe-plan.js';
import { LOG, MAIN, policy, storyFacts } from './fixtures.spec.js';
import { planRequestCreate } from './plan-request-create.js';

const base = { policy: policy(), bump: 'minor' as const, dependsOn: [] as string[], command: 'request new E' };

describe('planRequestCreate', () => {
  it('cuts the branch from the release branch, writes the changeset and records the event', () => {
    const plan = planRequestCreate({ ...base, facts: storyFacts(), id: 'E', title: '  CSV\nexport ', requester: 'Lee <lee@example.com>', dependsOn: ['A', 'A'] });
    expect(plan).toEqual({
      command: 'request new E',
      expected: { 'refs/heads/req/E': null, 'refs/heads/main': MAIN, [AUDIT_LOG_REF]: LOG },
      steps: [
        { kind: 'reset', ref: 'refs/heads/req/E', to: { ref: 'refs/heads/main' } },
        {
          kind: 'commit-files',
          ref: 'refs/heads/req/E',
          files: { '.changeset/E.md': '---\nbump: minor\n---\n\nCSV export\n' },
          message: 'Start request E: CSV export',
        },
        {
          kind: 'record',
          event: {
            type: 'request-created',
            requestIds: ['E'],
            data: { title: 'CSV export', requester: 'Lee <lee@example.com>', dependsOn: ['A'], bump: 'minor' },
          },
          shaOf: 'refs/heads/req/E',
        },
        { kind: 'update-refs', refs: ['refs/heads/req/E', AUDIT_LOG_REF] },
        { kind: 'push', remote: 'origin', refs: ['refs/heads/req/E', AUDIT_LOG_REF] },
      ],
      notes: [],
    });
    expect(describePlan(plan).slice(0, 2)).toEqual(['start req/E from main', 'commit "Start request E: CSV export" on req/E (.changeset/E.md)']);
  });

  it('writes a changeset its own parser reads back', () => {
    const plan = planRequestCreate({ ...base, facts: storyFacts(), id: 'E', title: 'CSV export', bump: 'patch' });
    const step = plan.steps[1];
    expect(step?.kind).toBe('commit-files');
    const text = step?.kind === 'commit-files' ? step.files['.changeset/E.md'] : null;
    expect(parseChangeset(text ?? '')).toEqual({ bump: 'patch', summary: 'CSV export' });
  });

  it('refuses an existing request, an invalid id, an empty title and a missing dependency', () => {
    expect(() => planRequestCreate({ ...base, facts: storyFacts(), id: 'A', title: 't' })).toThrow(UsageError);
    for (const id of ['-x', 'a..b', 'a.lock', 'a/b', 'x.', '']) {
      expect(() => planRequestCreate({ ...base, facts: storyFacts(), id, title: 't' }), id).toThrow(UsageError);
    }
    expect(() => planRequestCreate({ ...base, facts: storyFacts(), id: 'E', title: ' \n ' })).toThrow(UsageError);
    expect(() => planRequestCreate({ ...base, facts: storyFacts(), id: 'E', title: 't', dependsOn: ['Z'] })).toThrow(NotFoundError);
    expect(() => planRequestCreate({ ...base, facts: storyFacts(), id: 'E', title: 't', dependsOn: ['E'] })).toThrow(UsageError);
  });

  it('needs the release branch', () => {
    const facts = storyFacts();
    facts.environments[1] = { name: 'prod', tip: null, members: [] };
    expect(() => planRequestCreate({ ...base, facts, id: 'E', title: 't' })).toThrow(StateError);
  });
});
