import { describe, expect, it } from 'vitest';
import { readChangesetFrontMatter } from './read-changeset-front-matter.js';

describe('readChangesetFrontMatter', () => {
  it('reads the entries in file order and the body, CRLF and a BOM tolerated', () => {
    expect(readChangesetFrontMatter('\uFEFF---\r\n"web": minor\r\n# the api\r\napi: patch\r\n---\r\n\r\nAdd CSV export\r\n')).toEqual({
      entries: [
        { name: 'web', bump: 'minor' },
        { name: 'api', bump: 'patch' },
      ],
      summary: 'Add CSV export',
    });
    expect(readChangesetFrontMatter('---\nbump: none\n---\n')).toEqual({ entries: [{ name: 'bump', bump: 'none' }], summary: '' });
  });

  it('refuses with a reason and the line at fault', () => {
    expect(readChangesetFrontMatter('---\n"web": huge\n---\n')).toEqual({ error: '"huge" is not a bump for "web"; use major, minor, patch or none', line: 2 });
    expect(readChangesetFrontMatter('---\n"web":minor\n---\n')).toMatchObject({ line: 2, error: expect.stringContaining('has no blank after') });
    expect(readChangesetFrontMatter('---\n"web": minor\n  "api": patch\n---\n')).toMatchObject({ line: 3, error: expect.stringContaining('indented by 2 spaces') });
    expect(readChangesetFrontMatter('Just a note\n')).toMatchObject({ line: 1 });
    expect(readChangesetFrontMatter('')).toEqual({ error: expect.stringContaining('the file is empty'), line: null });
  });
});
