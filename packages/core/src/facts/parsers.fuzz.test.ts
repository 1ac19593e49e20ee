import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTrailers } from './format-trailers.js';
import { parseChangeset } from './parse-changeset.js';
import { parseTrailers } from './parse-trailers.js';

/** Pieces commit messages and changeset files are made of, so random texts hit the interesting paths. */
const messagePiece = fc.constantFrom(
  '',
  ' ',
  '\t',
  '#',
  '# comment',
  'Relctl-Request: A',
  'relctl-request: B',
  'Relctl-Env: test',
  'Signed-off-by: Kim <k@x>',
  '(cherry picked from commit 1234)',
  '  continued',
  'Key:',
  'Key :value',
  ':no key',
  'Bad Key: x',
  'constructor: x',
  '__proto__: x',
  'toString: x',
  '\r',
  '\r\n',
  '\u2028',
  'Title',
);
const messageText = fc.oneof(
  fc.array(fc.oneof({ weight: 3, arbitrary: messagePiece }, { weight: 1, arbitrary: fc.string({ maxLength: 16 }) }), { maxLength: 14 }).map((lines) => lines.join('\n')),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const changesetPiece = fc.constantFrom(
  '---',
  '"a": minor',
  "'b': patch",
  'bump: major',
  'c: none',
  'd: huge',
  '"e": "minor"',
  '#x',
  '',
  ' ',
  '\r',
  ':',
  '"',
  "'",
  '\uFEFF',
  'x: "y',
  '- a',
  'note',
);
const changesetText = fc.oneof(
  fc.array(fc.oneof({ weight: 3, arbitrary: changesetPiece }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 12 }).map((lines) => lines.join('\n')),
  fc.string({ maxLength: 200 }),
);

describe('trailer and changeset parsers of core (fuzz)', () => {
  it('parseTrailers answers every message with string lists, never an exception, and never reads the title', () => {
    fc.assert(
      fc.property(messageText, (message) => {
        const trailers = parseTrailers(message);
        expect(Object.getPrototypeOf(trailers)).toBe(Object.prototype);
        for (const [key, values] of Object.entries(trailers)) {
          expect(key).toMatch(/^[A-Za-z0-9-]+$/);
          expect(values.length).toBeGreaterThan(0);
          for (const value of values) expect(typeof value).toBe('string');
        }
        // A message without a blank line is all title: no trailers (as `git interpret-trailers --parse`).
        if (
          message
            .replace(/\r\n?/g, '\n')
            .trimEnd()
            .split('\n')
            .every((line) => line.trim() !== '')
        )
          expect(trailers).toEqual({});
        expect(({} as Record<string, unknown>)['x']).toBeUndefined();
      }),
      { numRuns: 1500 },
    );
  });

  it('formatTrailers then parseTrailers gives back the values last, for any message with a title', () => {
    const key = fc.constantFrom('Relctl-Request', 'Relctl-Env', 'Relctl-Head', 'Co-authored-by');
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('A', '  spaced  ', 'a\nb', 'x\r\ny', '#not a comment', ''));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }).filter((title) => title.trim() !== '' && !/[\r\n]/.test(title) && !title.startsWith('#')),
        messageText,
        key,
        fc.array(value, { minLength: 1, maxLength: 3 }),
        (title, body, name, values) => {
          const message = formatTrailers(`${title}\n\n${body}`, { [name]: values });
          const parsed = parseTrailers(message);
          const spelled = Object.keys(parsed).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
          expect(spelled).toBeDefined();
          const expected = values.map((text) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
          expect(parsed[spelled as string]?.slice(-values.length)).toEqual(expected);
        },
      ),
      { numRuns: 800 },
    );
  });

  it('parseChangeset answers every text with a summary or null, never an exception, in linear time', () => {
    fc.assert(
      fc.property(changesetText, (text) => {
        const parsed = parseChangeset(text);
        if (parsed !== null) {
          expect(['none', 'patch', 'minor', 'major']).toContain(parsed.bump);
          expect(parsed.summary).toBe(parsed.summary.trim());
        }
      }),
      { numRuns: 1500 },
    );
    const started = performance.now();
    for (const text of [`---\n${'a'.repeat(200_000)}:${' '.repeat(200_000)}x\n---\n`, `---\n${'"'.repeat(300_000)}\n---`, '\n'.repeat(500_000)]) parseChangeset(text);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
