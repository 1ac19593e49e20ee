import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateError } from '../errors/index.js';
import { AUDIT_EVENT_TYPES, type AuditEvent } from '../model/audit-event.js';
import { decodeAuditEvent } from './decode-audit-event.js';
import { encodeAuditEvent } from './encode-audit-event.js';

const SECOND = 1000;
const type = fc.constantFrom(...AUDIT_EVENT_TYPES);
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/);
const event: fc.Arbitrary<AuditEvent> = fc
  .record(
    {
      type,
      at: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      actor: fc.constant('Kim <kim@example.com>'),
      requestIds: fc.array(id, { maxLength: 4 }),
      env: fc.string({ maxLength: 12 }),
      sha: fc.stringMatching(/^[0-9a-f]{40}$/),
      reason: fc.string({ maxLength: 60 }),
      // JSON has no -0: what JSON can hold.
      data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }).map((data) => JSON.parse(JSON.stringify(data)) as Record<string, unknown>),
    },
    { requiredKeys: ['type', 'at', 'actor'] },
  )
  .map((value) => value as AuditEvent);

/** Change one thing in a valid event's JSON: a field's type, the version, the type, or the JSON itself. */
const mutation = fc.oneof(
  fc.record({ field: fc.constantFrom('v', 'type', 'at', 'requestIds', 'env', 'sha', 'reason', 'data', 'extra'), to: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ cut: fc.integer({ min: 0, max: 400 }) }),
  fc.record({
    insert: fc.constantFrom('\n', '\r', '\u2028', '"', '\\', '}', '{', 'Relctl-Event: {"v":1,"type":"approved","at":1}', '\u0000'),
    at: fc.integer({ min: 0, max: 400 }),
  }),
);

function mutate(message: string, change: { field?: string; to?: unknown; cut?: number; insert?: string; at?: number }): string {
  const lines = message.split('\n');
  const index = lines.findIndex((line) => line.startsWith('Relctl-Event: '));
  const line = lines[index] as string;
  if (change.field !== undefined) {
    const body = JSON.parse(line.slice('Relctl-Event: '.length)) as Record<string, unknown>;
    body[change.field] = change.to;
    lines[index] = `Relctl-Event: ${JSON.stringify(body)}`;
  } else if (change.cut !== undefined) {
    lines[index] = line.slice(0, Math.min(line.length, change.cut));
  } else if (change.insert !== undefined) {
    const at = Math.min(line.length, change.at ?? 0);
    lines[index] = line.slice(0, at) + change.insert + line.slice(at);
  }
  return lines.join('\n');
}

describe('audit-log decoder (fuzz)', () => {
  it('reads back every field of every event it wrote', () => {
    fc.assert(
      fc.property(event, (original) => {
        const commitAt = Math.floor(original.at / SECOND) * SECOND;
        const decoded = decodeAuditEvent({ message: encodeAuditEvent(original), at: commitAt, actor: original.actor, id: 'c0ffee' });
        expect(decoded).toEqual({ ...original, id: 'c0ffee' });
      }),
      { numRuns: 800 },
    );
  });

  it('answers a damaged or foreign log commit with a StateError, never another exception', () => {
    fc.assert(
      fc.property(event, mutation, fc.oneof(fc.integer(), fc.double(), fc.constant(Number.NaN)), (original, change, at) => {
        const message = mutate(encodeAuditEvent(original), change);
        let decoded: AuditEvent | null = null;
        try {
          decoded = decodeAuditEvent({ message, at, actor: 'Kim <kim@example.com>', id: 'c0ffee' });
        } catch (error) {
          expect(error).toBeInstanceOf(StateError);
          expect((error as StateError).message).not.toContain('\n');
          return;
        }
        // What it accepts is a well-formed event.
        expect(AUDIT_EVENT_TYPES).toContain(decoded.type);
        expect(typeof decoded.at).toBe('number');
        if (decoded.requestIds !== undefined) expect(decoded.requestIds.every((value) => typeof value === 'string')).toBe(true);
        for (const key of ['env', 'sha', 'reason'] as const) if (decoded[key] !== undefined) expect(typeof decoded[key]).toBe('string');
        if (decoded.data !== undefined) expect(typeof decoded.data === 'object' && decoded.data !== null && !Array.isArray(decoded.data)).toBe(true);
      }),
      { numRuns: 1200 },
    );
  });

  it('answers arbitrary text, and non-string inputs, with a StateError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }).map((text) => `x\n\nRelctl-Event: ${text}`),
          fc.constantFrom(undefined, null, 42, {}, [], ['x'], { toString: () => 'Relctl-Event: {}' }),
        ),
        (message) => {
          try {
            decodeAuditEvent({ message: message as string, at: 0, actor: 'x', id: 'y' });
          } catch (error) {
            expect(error).toBeInstanceOf(StateError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
