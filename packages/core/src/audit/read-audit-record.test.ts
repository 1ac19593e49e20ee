import { describe, expect, it } from 'vitest';
import { encodeAuditEvent } from './encode-audit-event.js';
import { readAuditRecord } from './read-audit-record.js';

const actor = 'Kim Lee <kim@example.com>';
const at = 1_767_225_600_000;
const id = 'c'.repeat(40);

describe('readAuditRecord', () => {
  it('reads a relctl event', () => {
    const message = encodeAuditEvent({ type: 'approved', requestIds: ['A'], env: 'prod', at, actor });
    expect(readAuditRecord({ message, at, actor, id })).toEqual({ event: expect.objectContaining({ type: 'approved', id }) });
  });

  it.each([
    ['invalid JSON', 'relctl: x\n\nRelctl-Event: {"v":1,\n', 'Relctl-Event is not valid JSON'],
    ['an unknown version', 'relctl: x\n\nRelctl-Event: {"v":9,"type":"approved"}\n', 'unsupported format version 9; upgrade relctl'],
    ['a missing trailer', 'hand-written note\n', 'no Relctl-Event trailer'],
    ['a non-list field', 'relctl: x\n\nRelctl-Event: {"v":1,"type":"approved","requestIds":"A"}\n', 'requestIds is not a list of strings'],
  ])('returns %s as a skipped record naming the commit, without throwing', (_, message, problem) => {
    expect(readAuditRecord({ message, at, actor, id })).toEqual({ skipped: { id, problem } });
  });
});
