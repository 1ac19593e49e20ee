/**
 * Repository-shaped cases of the differential test: the shapes of web-service repositories
 * (single package, private app in a monorepo, no package.json, pnpm workspace) and one case per
 * difference issue 19 found. Each names the deliberate differences it may show.
 */
import type { DifferenceKind } from './deliberate-differences.js';
import type { RepositoryCase } from './relctl-side.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const cs = (front: string, note: string) => `---\n${front}\n---\n\n${note}\n`;
const config = (extra: Record<string, unknown> = {}) =>
  json({
    $schema: 'https://unpkg.com/@changesets/config@3.1.1/schema.json',
    changelog: '@changesets/cli/changelog',
    commit: false,
    fixed: [],
    linked: [],
    access: 'restricted',
    baseBranch: 'main',
    updateInternalDependencies: 'patch',
    ignore: [],
    ...extra,
  });

/** One repository case: the story, the differences it may show, and the outcome it must have. */
export interface NamedRepositoryCase extends RepositoryCase {
  name: string;
  /** Deliberate differences this case may show (it must agree exactly otherwise). */
  allowed: DifferenceKind[];
  /** When one side refuses and the other does not, the kind that explains it. */
  refusal?: { side: 'relctl' | 'changesets'; kind: DifferenceKind; message?: RegExp };
  /** Changeset paths of requests whose packages have no version (relctl consumes them, changesets keeps them). */
  versionless?: string[];
}

const webApp = {
  'package.json': json({ name: 'web-app', version: '1.3.0', private: true, scripts: { start: 'node server.js' } }),
  'CHANGELOG.md': '# web-app\n\n## 1.3.0\n\n### Minor Changes\n\n- Earlier work\n',
  '.changeset/config.json': config(),
};

const monorepo = (extra: Record<string, string> = {}, changesetConfig: Record<string, unknown> = {}) => ({
  'package.json': json({ name: 'shop', private: true, workspaces: ['packages/*', 'apps/*'] }),
  '.changeset/config.json': config(changesetConfig),
  'packages/lib-a/package.json': json({ name: 'lib-a', version: '1.0.0' }),
  'packages/lib-b/package.json': json({ name: 'lib-b', version: '1.0.0', dependencies: { 'lib-a': '^1.0.0' } }),
  'apps/web/package.json': json({ name: 'web', private: true, dependencies: { 'lib-a': '^1.0.0', 'lib-b': '^1.0.0' } }),
  ...extra,
});

export const REPOSITORY_CASES: NamedRepositoryCase[] = [
  {
    name: 'web service, single private package: a minor and a patch request, another pending',
    files: webApp,
    requests: { A: { changeset: cs('"web-app": minor', 'Add CSV export') }, C: { changeset: cs('"web-app": patch', 'Fix login redirect\n\nNo more loops.') } },
    pending: { '.changeset/B.md': cs('"web-app": major', 'Dark mode') },
    allowed: ['request-id', 'subset'],
  },
  {
    name: 'web service, single package: a request without a bump ships under Other Changes',
    files: webApp,
    requests: { A: { changeset: cs('"web-app": minor', 'Add CSV export') }, N: { changeset: cs('"web-app": none', 'Docs only') } },
    allowed: ['request-id', 'other-changes'],
  },
  {
    name: 'issue 19 #10: every released request is none — no second version heading',
    files: webApp,
    requests: { N: { changeset: cs('"web-app": none', 'Docs only') } },
    allowed: [],
  },
  {
    name: 'issue 19 #10: a CRLF CHANGELOG.md keeps its line ends',
    files: { ...webApp, 'CHANGELOG.md': '# web-app\r\n\r\n## 1.3.0\r\n\r\n### Minor Changes\r\n\r\n- Earlier work\r\n' },
    requests: { A: { changeset: cs('"web-app": minor', 'Add CSV export') } },
    allowed: ['request-id', 'line-ends'],
  },
  {
    name: 'issue 19 #3: single package listed in ignore — nothing released, changeset kept',
    files: { ...webApp, '.changeset/config.json': config({ ignore: ['web-app'] }) },
    requests: { A: { changeset: cs('"web-app": minor', 'Add CSV export') } },
    allowed: [],
  },
  {
    name: 'issue 19 #3: single private package with privatePackages.version false — nothing released, changeset kept',
    files: { ...webApp, '.changeset/config.json': config({ privatePackages: { version: false, tag: false } }) },
    requests: { A: { changeset: cs('"web-app": minor', 'Add CSV export') } },
    allowed: [],
  },
  {
    name: 'issue 19 #3: single package without a version — the repository version moves, package.json stays',
    files: { ...webApp, 'package.json': json({ name: 'web-app', private: true }) },
    requests: { A: { changeset: cs('"web-app": minor', 'Add CSV export') } },
    tags: ['v1.3.0'],
    versionless: ['.changeset/A.md'],
    allowed: ['versionless-app', 'repository-version'],
  },
  {
    name: 'issue 19 #2: a private app without a version in a monorepo gets its ranges rewritten',
    files: monorepo(),
    requests: { A: { changeset: cs('"lib-a": major', 'lib-a: drop the old API') } },
    tags: ['v1.0.0'],
    allowed: ['request-id', 'repository-version'],
  },
  {
    name: 'issue 19 #2: a request naming only the versionless app ships as a repository bump',
    files: monorepo(),
    requests: { W: { changeset: cs('"web": minor', 'web: new checkout page') }, A: { changeset: cs('"lib-a": patch', 'lib-a: fix rounding') } },
    tags: ['v1.0.0'],
    versionless: ['.changeset/W.md'],
    allowed: ['request-id', 'repository-version', 'versionless-app'],
  },
  {
    name: 'issue 19 #1: changesets of ignored packages are kept, not consumed or counted',
    files: monorepo({}, { ignore: ['lib-b'] }),
    requests: { A: { changeset: cs('"lib-a": patch', 'lib-a: fix rounding') }, B: { changeset: cs('"lib-b": minor', 'lib-b: new API') } },
    tags: ['v1.0.0'],
    allowed: ['request-id', 'repository-version'],
  },
  {
    name: 'issue 19 #1: changesets of private packages are kept with privatePackages.version false',
    files: monorepo({ 'apps/admin/package.json': json({ name: 'admin', version: '1.0.0', private: true }) }, { privatePackages: { version: false, tag: false } }),
    requests: { A: { changeset: cs('"lib-a": minor', 'lib-a: parse CSV') }, P: { changeset: cs('"admin": minor', 'admin: audit page') } },
    tags: ['v1.0.0'],
    allowed: ['request-id', 'repository-version'],
  },
  {
    name: 'issue 19 #4: pre-release mode is refused, not silently ignored',
    files: monorepo({ '.changeset/pre.json': json({ mode: 'pre', tag: 'next', initialVersions: { 'lib-a': '1.0.0', 'lib-b': '1.0.0' }, changesets: [] }) }),
    requests: { A: { changeset: cs('"lib-a": patch', 'lib-a: fix rounding') } },
    allowed: [],
    refusal: { side: 'relctl', kind: 'pre-mode', message: /pre-release mode \(mode "pre", tag "next"\), which relctl does not release yet/ },
  },
  {
    name: 'issue 19 #5: changelog false writes no changelog at all',
    files: monorepo({}, { changelog: false }),
    requests: { A: { changeset: cs('"lib-a": minor', 'lib-a: parse CSV') } },
    tags: ['v1.0.0'],
    allowed: [],
  },
  {
    name: 'issue 19 #6: a changeset naming the monorepo root is refused, as changesets refuses it',
    files: monorepo(),
    requests: { R: { changeset: cs('"shop": minor', 'Everything') } },
    tags: ['v1.0.0'],
    allowed: [],
  },
  {
    name: 'issue 19 #7: a pnpm workspace (pnpm-workspace.yaml) is a monorepo',
    files: {
      'package.json': json({ name: 'shop', private: true }),
      'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n  - apps/*\n",
      '.changeset/config.json': config(),
      'packages/lib-a/package.json': json({ name: 'lib-a', version: '1.0.0' }),
      'apps/web/package.json': json({ name: 'web', version: '0.1.0', private: true, dependencies: { 'lib-a': 'workspace:^1.0.0' } }),
    },
    requests: { A: { changeset: cs('"lib-a": minor', 'lib-a: parse CSV') } },
    tags: ['v1.0.0'],
    allowed: ['request-id', 'repository-version'],
  },
  {
    name: 'issue 19 #8: front matter YAML refuses (a tab before the entry) is refused by both',
    files: monorepo(),
    requests: { T: { changeset: '---\n\t"lib-a": minor\n---\n\nTabbed\n' } },
    tags: ['v1.0.0'],
    allowed: [],
  },
  {
    name: 'issue 19 #9: "Updated dependencies" lines in the order of the changesets',
    // Exact ranges: both bumps leave them, so web is released with "Updated dependencies".
    files: monorepo({ 'apps/web/package.json': json({ name: 'web', version: '1.0.0', private: true, dependencies: { 'lib-a': '1.0.0', 'lib-b': '1.0.0' } }) }),
    requests: {
      x1: { changeset: cs('"lib-a": minor', 'lib-a: parse CSV') },
      y1: { changeset: cs('"lib-b": patch', 'lib-b: fix') },
      z1: { changeset: cs('"lib-a": patch', 'lib-a: fix') },
    },
    tags: ['v1.0.0'],
    allowed: ['request-id', 'repository-version'],
  },
  {
    name: 'a monorepo with fixed packages and a dev dependency',
    files: monorepo(
      {
        'packages/lib-c/package.json': json({ name: 'lib-c', version: '2.0.0', devDependencies: { 'lib-a': '^1.0.0' } }),
        'packages/lib-b/CHANGELOG.md': '# lib-b\n\n## 1.0.0\n\n### Major Changes\n\n- First\n',
      },
      { fixed: [['lib-a', 'lib-c']] },
    ),
    requests: { A: { changeset: cs('"lib-a": minor', 'lib-a: parse CSV\n\n- with headers\n- with quotes') }, B: { changeset: cs('"lib-b": patch', 'lib-b: faster') } },
    tags: ['v1.0.0'],
    allowed: ['request-id', 'repository-version'],
  },
  {
    name: 'a request with a commit after its changeset: the line names the head',
    files: webApp,
    requests: { A: { changeset: cs('"web-app": minor', 'Add CSV export'), laterCommit: true } },
    allowed: ['request-id', 'commit-sha'],
  },
  {
    name: 'a note prettier would reformat is written as its author wrote it',
    files: webApp,
    requests: { A: { changeset: cs('"web-app": minor', 'Add CSV export\n\n* with headers\n* with quotes') } },
    allowed: ['request-id', 'prettier'],
  },
  {
    name: "relctl's repository form in a monorepo (changesets: no package named bump)",
    files: monorepo(),
    requests: { F: { changeset: cs('bump: minor', 'Faster builds') } },
    tags: ['v1.0.0'],
    allowed: [],
    refusal: { side: 'changesets', kind: 'repository-form', message: /package bump which is not in the workspace/ },
  },
  {
    name: 'a service without package.json (VERSION file)',
    files: { VERSION: '1.3.0\n', 'src/Main.java': 'class Main {}\n' },
    requests: { A: { changeset: cs('bump: minor', 'Add CSV export') } },
    allowed: [],
    refusal: { side: 'changesets', kind: 'no-package-json' },
  },
];
