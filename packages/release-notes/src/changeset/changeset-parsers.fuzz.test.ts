import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelctlError, parseChangeset } from '@relctl/core';
import { formatRequestChangeset } from './format-request-changeset.js';
import { parseRequestChangeset } from './parse-request-changeset.js';

const bump = fc.constantFrom('major', 'minor', 'patch', 'none');
const piece = fc.constantFrom(
  '---',
  '"a": minor',
  "'b': patch",
  'bump: major',
  'c: none',
  'd: huge',
  '"e": "minor"',
  "f: 'patch'",
  '"g": minor # note',
  '"h":minor',
  '"i" : minor',
  'j:minor',
  '"a": patch',
  '"k\\"q": minor',
  '#x',
  '',
  ' ',
  '\t',
  '\r',
  ':',
  '"',
  "'",
  '\uFEFF',
  'x: "y',
  '- a',
  'note',
);
const frontLine = fc.oneof({ weight: 5, arbitrary: piece.filter((line) => line !== '---') }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
/** Mostly well-shaped files: blank lines, `---`, front-matter lines, `---`, a note — each part perturbed. */
const shaped = fc
  .record({
    lead: fc.constantFrom('', '\n', '\uFEFF', ' \n'),
    front: fc.array(frontLine, { maxLength: 4 }),
    close: fc.constantFrom('---', '--- ', ''),
    note: fc.string({ maxLength: 20 }),
    newline: fc.constantFrom('\n', '\r\n'),
  })
  .map(({ lead, front, close, note, newline }) => `${lead}---${newline}${front.join(newline)}${newline}${close}${newline}${newline}${note}${newline}`);
const text = fc.oneof(
  { weight: 3, arbitrary: shaped },
  fc.array(fc.oneof({ weight: 4, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 12 }).map((lines) => lines.join('\n')),
  fc.array(fc.oneof({ weight: 4, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 12 }).map((lines) => lines.join('\r\n')),
  fc.string({ maxLength: 200 }),
);

function releaseParse(source: string): { bump: string; summary: string } | RelctlError {
  try {
    const parsed = parseRequestChangeset({ id: 'A', text: source });
    return { bump: parsed.bump, summary: parsed.summary };
  } catch (error) {
    if (error instanceof RelctlError) return error;
    throw error;
  }
}

/**
 * relctl reads a request's changeset twice: `@relctl/core`'s `parseChangeset` for the `changeset`
 * rule (and status), `parseRequestChangeset` here for the release itself. If they disagreed, a
 * promotion could pass its rules and then fail while cutting the release (or be denied for a
 * changeset the release would take).
 */
describe('the two changeset parsers (fuzz)', () => {
  it('agree on every text: the same bump and summary, or both refuse it', () => {
    fc.assert(
      fc.property(text, (source) => {
        const release = releaseParse(source);
        const rule = parseChangeset(source);
        if (release instanceof RelctlError) expect({ source, rule }).toEqual({ source, rule: null });
        else expect({ source, rule }).toEqual({ source, rule: release });
      }),
      { numRuns: 2000 },
    );
  });

  it('read back what formatRequestChangeset writes', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }).filter((summary) => summary.trim() !== ''),
        bump,
        fc.option(fc.stringMatching(/^(@[a-z][a-z0-9-]{0,6}\/)?[a-z][a-z0-9._-]{0,10}$/), { nil: null }),
        (summary, kind, packageName) => {
          let written: string;
          try {
            written = formatRequestChangeset({ summary, bump: kind, packageName });
          } catch (error) {
            expect(error).toBeInstanceOf(RelctlError);
            return;
          }
          const parsed = parseRequestChangeset({ id: 'A', text: written });
          expect(parsed.bump).toBe(kind);
          expect(parseChangeset(written)).toEqual({ bump: kind, summary: parsed.summary });
        },
      ),
      { numRuns: 600 },
    );
  });
});
