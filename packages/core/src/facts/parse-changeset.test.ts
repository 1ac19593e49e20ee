import { describe, expect, it } from 'vitest';
import { parseChangeset } from './parse-changeset.js';

describe('parseChangeset', () => {
  it('reads the highest bump of a changesets front matter and the summary', () => {
    expect(parseChangeset('---\n"@acme/web": minor\n\'@acme/api\': patch\nplain: major\n---\n\nAdd CSV export\n\nMore.\n')).toEqual({
      bump: 'major',
      summary: 'Add CSV export\n\nMore.',
    });
  });

  it("reads relctl's own form, with CRLF", () => {
    expect(parseChangeset('---\r\nbump: patch\r\n---\r\n\r\nFix totals\r\n')).toEqual({ bump: 'patch', summary: 'Fix totals' });
  });

  it('reads an empty front matter as none', () => {
    expect(parseChangeset('---\n---\n\nDocs only\n')).toEqual({ bump: 'none', summary: 'Docs only' });
  });

  it('returns null for malformed text', () => {
    expect(parseChangeset('no front matter')).toBeNull();
    expect(parseChangeset('---\nbump: minor\n')).toBeNull();
    expect(parseChangeset('---\nbump: huge\n---\n')).toBeNull();
    expect(parseChangeset('---\njust text\n---\n')).toBeNull();
    expect(parseChangeset('---\nbump: constructor\n---\n')).toBeNull();
  });

  it('accepts and refuses exactly what the release (parseRequestChangeset) does', () => {
    // Quoted values and escaped names are YAML the release reads.
    expect(parseChangeset('---\n"web": "minor"\n\'api\': \'patch\'\n"a\\"b": major # c\n---\nX\n')).toEqual({ bump: 'major', summary: 'X' });
    // The release refuses these, so the changeset rule must not pass them.
    expect(parseChangeset('---\n"web": minor\n"web": patch\n---\nX\n')).toBeNull();
    expect(parseChangeset('---\nweb:minor\n---\nX\n')).toBeNull();
    expect(parseChangeset(`---\n"${'w'.repeat(5000)}": minor\n---\nX\n`)).toBeNull();
    expect(parseChangeset(`---\n---\n${'x'.repeat(1 << 20)}`)).toBeNull();
    // A lone CR is part of the note, not a line break.
    expect(parseChangeset('---\nbump: patch\n---\na\rb\r\n')).toEqual({ bump: 'patch', summary: 'a\rb' });
  });

  it('refuses the front matter YAML (and so `changeset status`) refuses', () => {
    // A tab before an entry, entries at different indentations, no blank after the colon.
    expect(parseChangeset('---\n\t"web": minor\n---\nX\n')).toBeNull();
    expect(parseChangeset('---\n"web": minor\n  "api": patch\n---\nX\n')).toBeNull();
    expect(parseChangeset('---\n  "web": minor\n"api": patch\n---\nX\n')).toBeNull();
    expect(parseChangeset('---\n"web":minor\n---\nX\n')).toBeNull();
    expect(parseChangeset("---\n'web':minor\n---\nX\n")).toBeNull();
    // Plain names YAML reads as a number or null name another package ("1", "null"): they must be quoted.
    expect(parseChangeset('---\n1.0: minor\n---\nX\n')).toBeNull();
    expect(parseChangeset('---\n~: minor\n---\nX\n')).toBeNull();
    expect(parseChangeset('---\n"1.0": minor\n---\nX\n')).toEqual({ bump: 'minor', summary: 'X' });
    // A no-break space is not YAML whitespace: a line of it is not blank, nor a comment.
    expect(parseChangeset('---\n"web": minor\n\u00a0# c\n---\nX\n')).toBeNull();
    // What YAML allows stays allowed: a consistent indentation, tabs inside a line, comment lines anywhere.
    expect(parseChangeset('---\n  "web": minor\n  "api":\tpatch\t# c\n\t# note\n---\nX\n')).toEqual({ bump: 'minor', summary: 'X' });
  });
});
