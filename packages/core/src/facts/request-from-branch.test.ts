import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../model/audit-event.js';
import { requestFromBranch } from './request-from-branch.js';

const head = 'a'.repeat(40);
const created: AuditEvent = {
  type: 'request-created',
  at: 5,
  actor: 'Lee <lee@example.com>',
  requestIds: ['A'],
  data: { title: 'From the log', requester: 'Ana', dependsOn: ['B', 'A', 'bad..id', 7, 'B'] },
};
const changeset = '---\n"@acme/web": minor\n---\n\n## From the changeset\n\nDetails\n';

describe('requestFromBranch', () => {
  it('takes the title from the event, then the changeset, then the first commit, then the id', () => {
    const base = { branch: 'req/A', prefix: 'req/', head };
    expect(requestFromBranch({ ...base, created, changeset, firstCommitSubject: 'Commit' })?.title).toBe('From the log');
    expect(requestFromBranch({ ...base, changeset, firstCommitSubject: 'Commit' })?.title).toBe('From the changeset');
    expect(requestFromBranch({ ...base, changeset: 'broken', firstCommitSubject: 'Commit' })?.title).toBe('Commit');
    expect(requestFromBranch(base)?.title).toBe('A');
  });

  it('builds the whole request', () => {
    expect(requestFromBranch({ branch: 'refs/heads/req/A', prefix: 'req/', head, created, changeset })).toEqual({
      id: 'A',
      branch: 'req/A',
      head,
      title: 'From the log',
      requester: 'Ana',
      dependsOn: ['B'],
      changeset: { bump: 'minor', summary: '## From the changeset\n\nDetails' },
      createdAt: 5,
    });
  });

  it('falls back to the event actor as requester', () => {
    const event: AuditEvent = { ...created, data: {} };
    expect(requestFromBranch({ branch: 'req/A', prefix: 'req/', head, created: event })?.requester).toBe('Lee <lee@example.com>');
  });

  it('returns null for branches that are not requests', () => {
    expect(requestFromBranch({ branch: 'req/a/b', prefix: 'req/', head })).toBeNull();
    expect(requestFromBranch({ branch: 'feature/x', prefix: 'req/', head })).toBeNull();
    expect(requestFromBranch({ branch: 'req/x.lock', prefix: 'req/', head })).toBeNull();
  });
});
