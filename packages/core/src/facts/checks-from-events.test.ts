import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../model/audit-event.js';
import { checksFromEvents } from './checks-from-events.js';

const head = 'a'.repeat(40);

describe('checksFromEvents', () => {
  it('turns each checked event into a recorded result, with its link and signature check', () => {
    const events: AuditEvent[] = [
      { type: 'checked', at: 5, actor: 'CI <ci@x>', sha: head, id: 'e1', data: { name: 'unit', result: 'fail', url: 'https://ci/1' } },
      { type: 'approved', at: 6, actor: 'Kim <k@x>', sha: head, env: 'prod', requestIds: ['A'] },
    ];
    expect(checksFromEvents({ events, signatures: { e1: { status: 'unsigned', reason: 'none' } } })).toEqual([
      { name: 'unit', result: 'fail', sha: head, source: 'relctl', by: 'CI <ci@x>', at: 5, url: 'https://ci/1', id: 'e1', signature: { status: 'unsigned', reason: 'none' } },
    ]);
  });

  it('skips malformed events', () => {
    const events: AuditEvent[] = [
      { type: 'checked', at: 5, actor: 'CI <ci@x>', sha: head, data: { name: 'unit', result: 'green' } },
      { type: 'checked', at: 5, actor: 'CI <ci@x>', data: { name: 'unit', result: 'pass' } },
      { type: 'checked', at: 5, actor: 'CI <ci@x>', sha: head, data: { result: 'pass' } },
    ];
    expect(checksFromEvents({ events })).toEqual([]);
  });
});
