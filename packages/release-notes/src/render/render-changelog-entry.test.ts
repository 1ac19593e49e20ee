import { describe, expect, it } from 'vitest';
import { prependChangelog } from './prepend-changelog.js';
import { renderChangelogEntry } from './render-changelog-entry.js';
import { renderReleaseMessage } from './render-release-message.js';
import { renderTagMessage } from './render-tag-message.js';

const items = [
  { id: 'C', type: 'patch' as const, summary: 'Fix login redirect', sha: 'c'.repeat(40) },
  { id: 'A', type: 'minor' as const, summary: 'Add CSV export\n\nAlso for invoices.', sha: 'a'.repeat(40) },
  { id: 'N', type: 'none' as const, summary: 'Docs only' },
];

describe('renderChangelogEntry', () => {
  it('groups requests by bump in the changesets order of headings', () => {
    expect(renderChangelogEntry({ version: '1.4.0', items })).toBe(
      [
        '## 1.4.0',
        '',
        '### Minor Changes',
        '',
        '- A (aaaaaaa): Add CSV export',
        '',
        '  Also for invoices.',
        '',
        '### Patch Changes',
        '',
        '- C (ccccccc): Fix login redirect',
        '',
        '### Other Changes',
        '',
        '- N: Docs only',
      ].join('\n'),
    );
  });

  it('adds the dependency line under Patch Changes and the package list', () => {
    const entry = renderChangelogEntry({
      version: '1.0.1',
      items: [],
      dependencyLine: '- Updated dependencies\n  - lib-a@1.1.0',
      packages: [{ name: 'lib-a', newVersion: '1.1.0' }],
      headingLevel: 3,
    });
    expect(entry).toBe('### 1.0.1\n\n#### Patch Changes\n\n- Updated dependencies\n  - lib-a@1.1.0\n\n#### Packages\n\n- lib-a@1.1.0');
  });
});

describe('prependChangelog', () => {
  it('creates a titled file, inserts below the title, or before a leading version heading', () => {
    expect(prependChangelog({ existing: null, entry: '## 1.0.0\n\n- x', title: 'web-app' })).toBe('# web-app\n\n## 1.0.0\n\n- x\n');
    expect(prependChangelog({ existing: '', entry: '## 1.0.0', title: 'w' })).toBe('# w\n\n## 1.0.0\n');
    expect(prependChangelog({ existing: '# web-app\n\n## 1.3.0\n\n- old\n', entry: '## 1.4.0\n\n- new', title: 'x' })).toBe(
      '# web-app\n\n## 1.4.0\n\n- new\n\n## 1.3.0\n\n- old\n',
    );
    expect(prependChangelog({ existing: '## 1.3.0\n\n- old\n', entry: '## 1.4.0', title: 'x' })).toBe('## 1.4.0\n\n## 1.3.0\n\n- old\n');
    expect(prependChangelog({ existing: '# Only a title', entry: '## 1.4.0', title: 'x' })).toBe('# Only a title\n\n## 1.4.0\n');
  });
});

describe('release and tag messages', () => {
  it('end with the relctl trailers and carry no # lines', () => {
    const message = renderReleaseMessage({ version: '1.4.0', requestIds: ['A', 'C'], items });
    expect(message.startsWith('Release 1.4.0\n\n')).toBe(true);
    expect(message.endsWith('\n\nRelctl-Release: 1.4.0\nRelctl-Requests: A,C\n')).toBe(true);
    expect(message).toContain('Minor changes:\n- A (aaaaaaa): Add CSV export');
    const tag = renderTagMessage({ version: '1.4.0', date: '2026-01-15', items, packages: [{ name: 'lib-a', newVersion: '1.1.0' }] });
    expect(tag.split('\n')[0]).toBe('Release 1.4.0 (2026-01-15)');
    expect(tag).toContain('Packages:\n- lib-a@1.1.0\n');
    for (const text of [message, tag]) expect(text.split('\n').some((line) => line.startsWith('#'))).toBe(false);
  });
});
