import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateError } from '../errors/state-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { AuditEvent } from '../model/audit-event.js';
import { decodeAuditEvent } from './decode-audit-event.js';
import { encodeAuditEvent } from './encode-audit-event.js';

const actor = 'Kim Lee <kim@example.com>';
const at = 1_767_225_600_123;
const id = 'a'.repeat(40);

describe('encodeAuditEvent', () => {
  it('writes a human subject and one machine-readable trailer line', () => {
    const message = encodeAuditEvent({ type: 'promoted', requestIds: ['A', 'C'], env: 'prod', at, actor, data: { shas: { A: 'b'.repeat(40) } } });
    const lines = message.split('\n');
    expect(lines[0]).toBe('relctl: promoted A, C -> prod');
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^Relctl-Event: \{"v":1,"type":"promoted","at":1767225600123,/);
    expect(message.endsWith('\n')).toBe(true);
    expect(message).not.toContain(actor);
  });

  it('puts the reason in a paragraph for people and keeps the trailer last', () => {
    const message = encodeAuditEvent({
      type: 'overridden',
      requestIds: ['B'],
      env: 'prod',
      at,
      actor,
      reason: 'hotfix\nRelctl-Event: {"v":1,"type":"approved"}',
      data: { rule: 'soak' },
    });
    expect(message.split('\n')[0]).toBe('relctl: overrode soak for B -> prod');
    expect(message).toContain('\nhotfix\n');
    const decoded = decodeAuditEvent({ message, at, actor, id });
    expect(decoded.type).toBe('overridden');
    expect(decoded.reason).toBe('hotfix\nRelctl-Event: {"v":1,"type":"approved"}');
  });

  it('keeps the subject on one short line whatever the ids hold', () => {
    const message = encodeAuditEvent({ type: 'approved', requestIds: ['x\ny', 'z'.repeat(200)], env: 'p\rod', at, actor });
    const subject = message.split('\n')[0]!;
    expect(subject.startsWith('relctl: approved xy, zzz')).toBe(true);
    expect(subject.length).toBeLessThanOrEqual(100);
  });

  it('refuses data that is not JSON-safe', () => {
    const data: Record<string, unknown> = {};
    data['self'] = data;
    expect(() => encodeAuditEvent({ type: 'synced', at, actor, data })).toThrow(UsageError);
  });
});

describe('decodeAuditEvent', () => {
  it('round-trips every field, taking actor and id from the commit', () => {
    const event: AuditEvent = {
      type: 'released',
      at,
      actor,
      requestIds: ['A', 'B.2'],
      env: 'prod',
      sha: 'c'.repeat(40),
      reason: 'weekly',
      data: { version: '1.4.0', nested: { list: [1, 'two', null] } },
    };
    expect(decodeAuditEvent({ message: encodeAuditEvent(event), at: Math.floor(at / 1000) * 1000, actor, id })).toEqual({ ...event, id });
  });

  it('uses the commit time when the JSON time names another second', () => {
    const message = encodeAuditEvent({ type: 'deployed', at: 5_000_500, actor, env: 'prod' });
    expect(decodeAuditEvent({ message, at: 9_000_000, actor, id }).at).toBe(9_000_000);
    expect(decodeAuditEvent({ message, at: 5_000_000, actor, id }).at).toBe(5_000_500);
  });

  it.each([
    ['no trailer', 'relctl: promoted A\n\njust text\n'],
    ['bad JSON', 'relctl: x\n\nRelctl-Event: {"v":1,\n'],
    ['a JSON array', 'relctl: x\n\nRelctl-Event: [1]\n'],
    ['an unknown version', 'relctl: x\n\nRelctl-Event: {"v":2,"type":"promoted"}\n'],
    ['an unknown type', 'relctl: x\n\nRelctl-Event: {"v":1,"type":"exploded"}\n'],
    ['a non-string env', 'relctl: x\n\nRelctl-Event: {"v":1,"type":"promoted","env":3}\n'],
    ['non-string ids', 'relctl: x\n\nRelctl-Event: {"v":1,"type":"promoted","requestIds":[1]}\n'],
    ['array data', 'relctl: x\n\nRelctl-Event: {"v":1,"type":"promoted","data":[]}\n'],
  ])('throws StateError on %s', (_label, message) => {
    let caught: unknown;
    try {
      decodeAuditEvent({ message, at, actor, id });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StateError);
    expect((caught as StateError).data['id']).toBe(id);
  });

  it('never throws anything but StateError on arbitrary messages', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `x\n\nRelctl-Event: ${s}`),
          fc.json().map((j) => `x\n\nRelctl-Event: ${j}`),
        ),
        (message) => {
          try {
            const event = decodeAuditEvent({ message, at, actor, id });
            expect(typeof event.type).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(StateError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips arbitrary JSON-safe events', () => {
    const eventArb = fc.record(
      {
        type: fc.constantFrom('request-created', 'promoted', 'approved', 'rolled-back', 'lock-released' as const),
        requestIds: fc.array(fc.string()),
        env: fc.string(),
        sha: fc.string(),
        reason: fc.string(),
        data: fc.dictionary(fc.string(), fc.jsonValue()),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(eventArb, fc.integer({ min: 0, max: 2 ** 41 }), (partial, time) => {
        const event = JSON.parse(JSON.stringify({ ...partial, at: time, actor })) as AuditEvent;
        const decoded = decodeAuditEvent({ message: encodeAuditEvent(event), at: Math.floor(time / 1000) * 1000, actor, id });
        expect(decoded).toEqual({ ...event, id });
      }),
      { numRuns: 300 },
    );
  });
});
