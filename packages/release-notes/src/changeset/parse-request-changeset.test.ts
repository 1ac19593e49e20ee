import parseChangesetFile from '@changesets/parse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelctlError, StateError, UsageError } from '@relctl/core';
import { parseRequestChangeset } from './parse-request-changeset.js';

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('parseRequestChangeset', () => {
  it('reads the standard changesets form', () => {
    expect(parseRequestChangeset({ id: 'A', text: '---\n"web-app": minor\n---\n\nAdd CSV export\n' })).toEqual({
      id: 'A',
      form: 'packages',
      releases: [{ name: 'web-app', type: 'minor' }],
      bump: 'minor',
      summary: 'Add CSV export',
    });
  });

  it('reads multi-package monorepo changesets and takes the highest bump', () => {
    const text = '---\n\'@acme/lib-a\': patch\n# a comment\n\n"@acme/app": major # trailing comment\nlib-c: none\n---\n\nTwo\nlines\n';
    const parsed = parseRequestChangeset({ id: 'rel-1.2_x', text });
    expect(parsed.releases).toEqual([
      { name: '@acme/lib-a', type: 'patch' },
      { name: '@acme/app', type: 'major' },
      { name: 'lib-c', type: 'none' },
    ]);
    expect(parsed.bump).toBe('major');
    expect(parsed.summary).toBe('Two\nlines');
  });

  it("reads relctl's repository form", () => {
    expect(parseRequestChangeset({ id: 'JAVA-7', text: '---\nbump: patch\n---\n\nFix invoice rounding\n' })).toEqual({
      id: 'JAVA-7',
      form: 'repository',
      releases: [],
      bump: 'patch',
      summary: 'Fix invoice rounding',
    });
  });

  it('accepts CRLF, a BOM, leading blank lines and an empty changeset', () => {
    const crlf = parseRequestChangeset({ id: 'A', text: '\uFEFF\r\n---\r\n"x": patch\r\n---\r\n\r\nNote\r\nmore\r\n' });
    expect(crlf.releases).toEqual([{ name: 'x', type: 'patch' }]);
    expect(crlf.summary).toBe('Note\nmore');
    expect(parseRequestChangeset({ id: 'E', text: '---\n---\n' })).toMatchObject({ releases: [], bump: 'none', summary: '' });
  });

  it('gives the same result as @changesets/parse on what changesets writes', () => {
    const names = ['web-app', '@acme/lib-a', 'lib.b_c', 'x'];
    const text = `---\n${names.map((name, index) => `"${name}": ${['major', 'minor', 'patch', 'none'][index]}`).join('\n')}\n---\n\nSummary line\n\n- detail\n`;
    const ours = parseRequestChangeset({ id: 'A', text });
    const theirs = parseChangesetFile(text);
    expect(ours.releases).toEqual(theirs.releases);
    expect(ours.summary).toBe(theirs.summary);
  });

  it('agrees with @changesets/parse on generated valid changesets', () => {
    const name = fc
      .tuple(fc.option(fc.stringMatching(/^@[a-z][a-z0-9-]{0,8}$/), { nil: undefined }), fc.stringMatching(/^[a-z][a-z0-9._-]{0,12}$/))
      .map(([scope, base]) => (scope ? `${scope}/${base}` : base));
    const bump = fc.constantFrom('major', 'minor', 'patch', 'none');
    const style = fc.constantFrom('double', 'single', 'plain');
    const line = fc.tuple(name, bump, style, fc.boolean()).map(([n, b, s, comment]) => {
      const key = s === 'double' ? JSON.stringify(n) : s === 'single' || n.startsWith('@') ? `'${n}'` : n;
      return { n, b, text: `${key}: ${b}${comment ? ' # note' : ''}` };
    });
    const summary = fc.array(fc.stringMatching(/^[A-Za-z0-9 .,!?()-]{0,30}$/), { maxLength: 4 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(fc.uniqueArray(line, { selector: (entry) => entry.n, maxLength: 5 }), summary, fc.boolean(), (lines, note, blank) => {
        const text = `---\n${lines.map((entry) => entry.text).join(blank ? '\n\n' : '\n')}\n---\n\n${note}\n`;
        const ours = parseRequestChangeset({ id: 'A', text });
        const theirs = parseChangesetFile(text);
        const releases = ours.form === 'repository' ? [{ name: 'bump', type: ours.bump }] : ours.releases;
        expect(releases).toEqual(theirs.releases);
        expect(ours.summary).toBe(theirs.summary);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['', 'the file is empty'],
    ['just a note\n', "does not start with a '---'"],
    ['---\n"a": minor\n\nnote\n', "no closing '---'"],
    ['---\n"a": big\n---\n', '"big" is not a bump for "a"'],
    ['---\n"a": minor\n"a": patch\n---\n', '"a" is named twice'],
    ['---\n{ a: minor }\n---\n', 'is not \'"<package>": <bump>\''],
    ['---\n@scope/a: minor\n---\n', 'quote the package name'],
    ['---\n"a":\n---\n', '"a" has no bump'],
    ['---\n"": patch\n---\n', 'a package name is empty'],
    ['---\n"a": minor extra\n---\n', 'is not \'"<package>": <bump>\''],
    ['---\n"a\\q": minor\n---\n', 'is not \'"<package>": <bump>\''],
    // YAML that @changesets/parse (and so `changeset status`) refuses.
    ['---\n\t"a": minor\n---\n', 'a tab starts the line'],
    ['---\n"a":minor\n---\n', '"a" has no blank after its \':\''],
    ['---\n"a": minor\n  "b": patch\n---\n', 'indented by 2 spaces, the one above by 0'],
    ['---\n1.0: minor\n---\n', 'quote it: "1.0"'],
  ])('rejects %j with a StateError naming the file', (text, reason) => {
    const error = errorOf(() => parseRequestChangeset({ id: 'B', text }));
    expect(error).toBeInstanceOf(StateError);
    const message = (error as StateError).message;
    expect(message.startsWith('.changeset/B.md')).toBe(true);
    expect(message).toContain(reason);
    expect(message).not.toContain('\n');
    expect((error as StateError).data).toMatchObject({ id: 'B', path: '.changeset/B.md' });
  });

  it('names the line of a bad front-matter entry', () => {
    const error = errorOf(() => parseRequestChangeset({ id: 'B', text: '\n---\n"a": minor\n\n"b": huge\n---\n' }));
    expect((error as StateError).message).toMatch(/^\.changeset\/B\.md line 5: /);
    expect((error as StateError).data.line).toBe(5);
  });

  it('rejects a malformed id with a UsageError', () => {
    for (const id of ['', '../x', 'a/b', '-a', 'x'.repeat(65)]) {
      expect(errorOf(() => parseRequestChangeset({ id, text: '---\n---\n' }))).toBeInstanceOf(UsageError);
    }
  });

  it('never throws anything but a relctl error, whatever the input', () => {
    const piece = fc.constantFrom('---', '"a": minor', "'b': patch", 'bump: major', 'c: none', '#x', '', ' ', '\r', ':', '"', "'", '\\', '\uFEFF', 'x: "y', '- a');
    const structured = fc.array(fc.oneof(piece, fc.string({ maxLength: 12 })), { maxLength: 12 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }), structured),
        fc.oneof(fc.constant('A'), fc.string()),
        (text, id) => {
          try {
            const parsed = parseRequestChangeset({ id, text });
            expect(['major', 'minor', 'patch', 'none']).toContain(parsed.bump);
            for (const release of parsed.releases) expect(['major', 'minor', 'patch', 'none']).toContain(release.type);
          } catch (error) {
            expect(error).toBeInstanceOf(RelctlError);
            expect(['StateError', 'UsageError']).toContain((error as RelctlError).code);
          }
        },
      ),
      { numRuns: 500 },
    );
    for (const text of [undefined, null, 42, {}, []]) {
      expect(errorOf(() => parseRequestChangeset({ id: 'A', text: text as unknown as string }))).toBeInstanceOf(StateError);
    }
    expect(errorOf(() => parseRequestChangeset(undefined as never))).toBeInstanceOf(UsageError);
  });

  it('stays fast on adversarial input', () => {
    const inputs = [
      `---${'-'.repeat(1_000_000)}`,
      `---\n${'\n'.repeat(1_000_000)}`,
      `---\n${' '.repeat(500_000)}\n---\n`,
      `${'---'.repeat(300_000)}`,
      `---\n${'"a": minor\n'.repeat(1)}${'#'.repeat(900_000)}\n---\n`,
      `---\n${'x'.repeat(4000)}: ${'y'.repeat(90)}\n---\n`,
    ];
    const started = performance.now();
    for (const text of inputs) {
      try {
        parseRequestChangeset({ id: 'A', text });
      } catch (error) {
        expect(error).toBeInstanceOf(RelctlError);
      }
    }
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
