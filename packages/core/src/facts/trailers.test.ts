import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { formatTrailers } from './format-trailers.js';
import { parseTrailers } from './parse-trailers.js';

// Expected values below were checked against `git interpret-trailers --parse` (git 2.39).
describe('parseTrailers', () => {
  it('reads the last paragraph of Key: value lines', () => {
    expect(parseTrailers('Merge request A: Export into test\n\nRelctl-Request: A\nRelctl-Env: test\n')).toEqual({
      'Relctl-Request': ['A'],
      'Relctl-Env': ['test'],
    });
  });

  it('tolerates CRLF, unfolds continuation lines, matches keys case-insensitively keeping the first spelling', () => {
    expect(parseTrailers('S\r\n\r\nBody\r\n\r\nKey: v\r\n  cont\r\nkey : w\r\n')).toEqual({ Key: ['v cont', 'w'] });
  });

  it('never takes the title for trailers', () => {
    expect(parseTrailers('Key: v\n')).toEqual({});
    expect(parseTrailers('')).toEqual({});
  });

  it('rejects a last paragraph that mixes prose and trailers unless git-generated trailers vouch for it', () => {
    expect(parseTrailers('S\n\nKey: v\nnot a trailer\nOther: x\n')).toEqual({});
    expect(parseTrailers('S\n\nKey: v\nnot a trailer\nSigned-off-by: x\n\n\n')).toEqual({ Key: ['v'], 'Signed-off-by': ['x'] });
  });

  it('ignores trailing comment lines and only reads the last paragraph', () => {
    expect(parseTrailers('S\n\nOld: 1\n\nKey: v\n\n# comment\n')).toEqual({ Key: ['v'] });
  });

  it('never touches Object.prototype', () => {
    const parsed = parseTrailers('S\n\nconstructor: x\ntoString: y\n');
    expect(parsed).toEqual({ constructor: ['x'], toString: ['y'] });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});

describe('formatTrailers', () => {
  it('appends a blank line and the trailers', () => {
    expect(formatTrailers('Merge request A: Export into test\n\n', { 'Relctl-Request': 'A', 'Relctl-Env': 'test' })).toBe(
      'Merge request A: Export into test\n\nRelctl-Request: A\nRelctl-Env: test\n',
    );
  });

  it('joins an existing trailer block, and starts a new one after prose (as git does)', () => {
    expect(formatTrailers('Subject\n\nKey: v\n', { A: 'b' })).toBe('Subject\n\nKey: v\nA: b\n');
    expect(formatTrailers('Subject\n\nBody\nKey: v\n', { A: 'b' })).toBe('Subject\n\nBody\nKey: v\n\nA: b\n');
    expect(formatTrailers('', { A: 'b' })).toBe('\nA: b\n');
    expect(formatTrailers('Subject\r\n', { A: ['b', 'c'] })).toBe('Subject\n\nA: b\nA: c\n');
  });

  it('round-trips through parseTrailers, even with line breaks in values', () => {
    const message = formatTrailers('Release 1.4.0\n\nNotes.', { 'Relctl-Release': '1.4.0', 'Relctl-Requests': 'A,\nC' });
    expect(parseTrailers(message)).toEqual({ 'Relctl-Release': ['1.4.0'], 'Relctl-Requests': ['A, C'] });
  });

  it('adds values parseTrailers reads back last, whatever the message', () => {
    const key = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,12}$/);
    const value = fc.string({ maxLength: 20 }).map((text) => text.replace(/[\r\n]/g, ' ').trim());
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.uniqueArray(fc.tuple(key, value), { maxLength: 3, selector: ([k]) => k.toLowerCase() }), (message, pairs) => {
        const parsed = parseTrailers(formatTrailers(message, Object.fromEntries(pairs)));
        const lower = new Map(Object.entries(parsed).map(([k, values]) => [k.toLowerCase(), values]));
        for (const [k, v] of pairs) expect(lower.get(k.toLowerCase())?.at(-1)).toBe(v);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a key git would not read back', () => {
    expect(() => formatTrailers('S', { 'Bad key': 'v' })).toThrow(UsageError);
  });
});
