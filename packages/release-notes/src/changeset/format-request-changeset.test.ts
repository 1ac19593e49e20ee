import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '@relctl/core';
import { formatRequestChangeset } from './format-request-changeset.js';
import { parseRequestChangeset } from './parse-request-changeset.js';

describe('formatRequestChangeset', () => {
  it('writes the standard form when the repository has a named package.json', () => {
    expect(formatRequestChangeset({ summary: 'Add CSV export', bump: 'minor', packageName: 'web-app' })).toBe('---\n"web-app": minor\n---\n\nAdd CSV export\n');
  });

  it("writes relctl's form for a repository without one", () => {
    expect(formatRequestChangeset({ summary: '  Fix rounding\r\n', bump: 'patch', packageName: null })).toBe('---\nbump: patch\n---\n\nFix rounding\n');
  });

  it('writes one line per package for a monorepo', () => {
    const text = formatRequestChangeset({
      summary: 'Shared change',
      releases: [
        { name: '@acme/lib-a', type: 'minor' },
        { name: 'app', type: 'patch' },
      ],
    });
    expect(text).toBe('---\n"@acme/lib-a": minor\n"app": patch\n---\n\nShared change\n');
  });

  it('refuses bad bumps, names and duplicates', () => {
    expect(() => formatRequestChangeset({ summary: 'x', bump: 'huge' as never })).toThrow(UsageError);
    expect(() => formatRequestChangeset({ summary: 'x', bump: 'minor', packageName: 'a\nb' })).toThrow(UsageError);
    expect(() =>
      formatRequestChangeset({
        summary: 'x',
        releases: [
          { name: 'a', type: 'minor' },
          { name: 'a', type: 'patch' },
        ],
      }),
    ).toThrow(UsageError);
  });

  it('round-trips through parseRequestChangeset', () => {
    const bump = fc.constantFrom('major', 'minor', 'patch', 'none' as const);
    // eslint-disable-next-line no-control-regex
    const name = fc.string({ minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(text));
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), bump, fc.option(name, { nil: null }), (summary, type, packageName) => {
        const parsed = parseRequestChangeset({ id: 'A', text: formatRequestChangeset({ summary, bump: type, packageName }) });
        expect(parsed.bump).toBe(type);
        expect(parsed.summary).toBe(formatRequestChangeset({ summary, bump: type }).split('\n---\n')[1]?.trim());
        if (packageName !== null && packageName !== 'bump') expect(parsed.releases).toEqual([{ name: packageName, type }]);
        else expect(parsed.form).toBe('repository');
      }),
      { numRuns: 300 },
    );
  });
});
