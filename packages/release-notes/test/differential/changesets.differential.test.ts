/**
 * The differential test against changesets (@changesets/cli 2.31.1 and the packages it
 * installs): the inputs of changesets' own tests for parse, assemble-release-plan and
 * apply-release-plan (extracted into upstream-cases.json by extract-upstream-cases.mjs), cases
 * shaped like web-service repositories and the cases of issue 19 run through relctl and through
 * changesets. Each case must agree, or differ only in one of the deliberate differences
 * (deliberate-differences.ts) it is allowed — and every deliberate difference must show up at
 * least once. The summary (the seed of the generated cases, cases, agreeing, differences by kind)
 * is printed at the end; the same seed gives the same summary.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '@relctl/testing';
import { compareChanges, describeDifference, type Changes } from './compare.js';
import { DELIBERATE_DIFFERENCES, type DifferenceKind } from './deliberate-differences.js';
import { changesetsApply, changesetsAssemble, changesetsParse, changesetVersion, type Files } from './oracle.js';
import { buildRepository, relctlApply, relctlAssemble, relctlParse, relctlRelease, type RepositoryCase } from './relctl-side.js';
import { REPOSITORY_CASES, type NamedRepositoryCase } from './repository-cases.js';
import { startChangesetsGraphql } from './start-changesets-graphql.js';

/** The inputs of changesets' own tests (see extract-upstream-cases.mjs). */
const upstream = JSON.parse(readFileSync(new URL('./upstream-cases.json', import.meta.url), 'utf8')) as {
  parse: Array<{ name: string; text: string }>;
  assemble: Array<Record<string, unknown> & { name: string }>;
  apply: Array<Record<string, unknown> & { name: string }>;
};

/**
 * fast-check's seed for the generated cases: fixed, so every run generates the same texts and
 * prints the same summary; `RELCTL_DIFFERENTIAL_SEED=<integer>` explores other texts.
 */
const SEED = readSeed(process.env.RELCTL_DIFFERENTIAL_SEED);

function readSeed(text: string | undefined): number {
  if (text === undefined || text === '') return 19;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`RELCTL_DIFFERENTIAL_SEED must be an integer (fast-check's seed), not "${text}"; unset it for the fixed seed 19.`);
  return seed;
}

type Layer = 'parse' | 'parse (generated)' | 'assemble-release-plan' | 'apply-release-plan' | 'repository' | 'changelog-github';
const results: Array<{ layer: Layer; name: string; kinds: DifferenceKind[] }> = [];
const note = (layer: Layer, name: string, kinds: DifferenceKind[]) => results.push({ layer, name, kinds: [...new Set(kinds)] });

afterAll(() => {
  const layers = [...new Set(results.map((result) => result.layer))];
  const lines = [
    'Differential test against changesets — summary',
    `seed of the generated cases: ${SEED} (RELCTL_DIFFERENTIAL_SEED)`,
    `cases: ${results.length}, agreeing exactly: ${results.filter((result) => result.kinds.length === 0).length}`,
  ];
  for (const layer of layers) {
    const mine = results.filter((result) => result.layer === layer);
    lines.push(`  ${layer}: ${mine.length} cases, ${mine.filter((result) => result.kinds.length === 0).length} agreeing exactly`);
  }
  lines.push('deliberate differences (cases showing each):');
  for (const kind of Object.keys(DELIBERATE_DIFFERENCES) as DifferenceKind[]) {
    lines.push(`  ${kind}: ${results.filter((result) => result.kinds.includes(kind)).length}`);
  }
  console.log(lines.join('\n'));
});

const sameParse = (ours: { releases: unknown; summary: string }, theirs: { releases: unknown; summary: string }) =>
  JSON.stringify(ours.releases) === JSON.stringify(theirs.releases) && ours.summary === theirs.summary;

/** Extra parse cases: the YAML, relctl's form and the deliberate strictness. */
const PARSE_CASES: Array<{ name: string; text: string; kind?: DifferenceKind }> = [
  { name: 'issue 19 #8: a tab before an entry', text: '---\n\t"a": minor\n---\n\nx\n' },
  { name: 'issue 19 #8: entries indented differently', text: '---\n"a": minor\n  "b": patch\n---\n\nx\n' },
  { name: 'issue 19 #8: no blank after the colon', text: '---\n"a":minor\n---\n\nx\n' },
  { name: 'a plain name YAML reads as a number', text: '---\n1.0: minor\n---\n\nx\n', kind: 'strict-front-matter' },
  { name: 'a quoted number-like name', text: '---\n"1.0": minor\n---\n\nx\n' },
  { name: 'a line of a no-break space (js-yaml skips it; YAML does not count it as a blank)', text: '---\n"a": minor\n\u00a0\n---\n\nx\n', kind: 'strict-front-matter' },
  { name: 'a comment after a no-break space', text: '---\n"a": minor\n\u00a0# c\n---\n\nx\n' },
  { name: 'comments and blank lines anywhere, consistent indentation', text: '---\n  # lead\n  "a": minor # why\n\n\t# tab comment\n  b: "patch"\n---\n\nx\n' },
  { name: "relctl's repository form", text: '---\nbump: minor\n---\n\nx\n', kind: 'repository-form' },
  { name: 'text before the front matter', text: 'Intro\n---\n"a": minor\n---\n\nx\n', kind: 'strict-front-matter' },
  { name: 'a flow map', text: '---\n{ "a": minor }\n---\n\nx\n', kind: 'strict-front-matter' },
  { name: 'a block scalar', text: '---\na: >-\n  minor\n---\n\nx\n', kind: 'strict-front-matter' },
  { name: 'an anchor', text: '---\na: &bump minor\n---\n\nx\n', kind: 'strict-front-matter' },
  { name: 'a document end marker', text: '---\na: minor\n...\n---\n\nx\n', kind: 'strict-front-matter' },
  { name: 'a front-matter line over 4096 characters', text: `---\n"${'a'.repeat(5000)}": minor\n---\n\nx\n`, kind: 'limits' },
  { name: 'a note with CRLF line ends', text: '---\r\n"a": minor\r\n---\r\n\r\nline one\r\nline two\r\n', kind: 'line-ends' },
  { name: 'a duplicate name', text: '---\n"a": minor\na: patch\n---\n\nx\n' },
  { name: 'a quoted bump and a single-quoted name', text: "---\n'it''s': \"major\"\n---\n\nx\n" },
];

describe('parse: relctl reads changesets as @changesets/parse reads them', () => {
  const cases = [...upstream.parse.map((entry) => ({ name: `upstream: ${entry.name}`, text: entry.text, kind: undefined as DifferenceKind | undefined })), ...PARSE_CASES];
  it.each(cases)('$name', async ({ name, text, kind }) => {
    const [ours, theirs] = [await relctlParse(text), await changesetsParse(text)];
    const kinds: DifferenceKind[] = [];
    if (ours.ok && !theirs.ok) throw new Error(`relctl accepts what changesets refuses (${theirs.error})`);
    if (!ours.ok && theirs.ok) {
      expect(kind === 'strict-front-matter' || kind === 'limits', `relctl refuses (${ours.error}) what changesets reads`).toBe(true);
      kinds.push(kind as DifferenceKind);
    }
    if (ours.ok && theirs.ok) {
      if (ours.value.form === 'repository') kinds.push('repository-form');
      if (!sameParse(ours.value, theirs.value)) {
        expect(kind).toBe('line-ends');
        expect(ours.value.summary).toBe(theirs.value.summary.replace(/\r\n/g, '\n'));
        kinds.push('line-ends');
      }
    }
    if (kind !== undefined) expect(kinds, `${name} should show ${kind}`).toContain(kind);
    note('parse', name, kinds);
  });

  it('generated texts: whatever relctl reads, changesets reads the same way', async () => {
    const piece = fc.constantFrom(
      '---',
      '"a": minor',
      "'b': patch",
      'c: none',
      '  "d": major',
      '\t"e": minor',
      '"f":minor',
      'g : patch',
      '1: minor',
      '~: patch',
      '# c',
      '  # c',
      '\t',
      '',
      ' ',
      '"a": patch',
      'h: minor # x',
      'i: minor#x',
      '- j',
      '{k: minor}',
      'l: "minor"',
      'note',
      '\u00a0',
      'm:\tpatch',
    );
    const text = fc
      .tuple(fc.array(piece, { maxLength: 5 }), fc.constantFrom('\n', '\r\n'), fc.string({ maxLength: 12 }))
      .map(([lines, eol, body]) => `---${eol}${lines.join(eol)}${eol}---${eol}${eol}${body}${eol}`);
    let count = 0;
    let stricter = 0;
    await fc.assert(
      fc.asyncProperty(text, async (source) => {
        count += 1;
        const [ours, theirs] = [await relctlParse(source), await changesetsParse(source)];
        if (ours.ok) {
          expect({ source, theirs: theirs.ok }).toEqual({ source, theirs: true });
          if (theirs.ok && ours.value.form !== 'repository') {
            expect(ours.value.releases).toEqual(theirs.value.releases);
            expect(ours.value.summary).toBe(theirs.value.summary.replace(/\r\n/g, '\n'));
          }
        } else if (theirs.ok) stricter += 1;
      }),
      { numRuns: 600, seed: SEED },
    );
    // Counted as cases of the summary: agreeing, or relctl stricter (strict-front-matter).
    for (let index = 0; index < count; index += 1) note('parse (generated)', `generated ${index}`, index < stricter ? ['strict-front-matter'] : []);
  });
});

describe('assemble-release-plan: relctl plans releases as changesets does', () => {
  it.each(upstream.assemble.map((entry) => ({ ...entry, label: `upstream: ${entry.name}` })))('$label', async (entry) => {
    const input = entry as unknown as Parameters<typeof relctlAssemble>[0] & { snapshot: unknown; name: string };
    const [ours, theirs] = [await relctlAssemble(input), await changesetsAssemble(input)];
    const shape = (releases: Array<{ name: string; type: string; oldVersion?: string | null; newVersion?: string | null; changesets: string[] }>) =>
      releases.map((release) => ({
        name: release.name,
        type: release.type,
        oldVersion: release.oldVersion ?? null,
        newVersion: release.newVersion ?? null,
        changesets: release.changesets,
      }));
    const kinds: DifferenceKind[] = [];
    if (input.preState) {
      // relctl refuses pre-release mode.
      expect(ours.ok ? 'released' : ours.error).toMatch(/pre-release mode/);
      kinds.push('pre-mode');
    } else if (input.snapshot) {
      // No snapshot releases: relctl gives the normal release, changesets a snapshot version.
      const normal = await changesetsAssemble({ ...input, snapshot: undefined });
      expect(ours.ok && normal.ok).toBe(true);
      if (ours.ok && normal.ok && theirs.ok) {
        expect(shape(ours.value.packages as never)).toEqual(shape(normal.value.releases as never));
        expect(shape(theirs.value.releases as never)).not.toEqual(shape(normal.value.releases as never));
      }
      kinds.push('snapshot');
    } else {
      expect({ relctl: ours.ok, changesets: theirs.ok, error: ours.ok ? null : ours.error }).toMatchObject({ relctl: theirs.ok, changesets: theirs.ok });
      if (ours.ok && theirs.ok) expect(shape(ours.value.packages as never)).toEqual(shape(theirs.value.releases as never));
    }
    note('assemble-release-plan', input.name, kinds);
  });
});

describe('apply-release-plan: relctl writes the files changesets writes', () => {
  it.each(upstream.apply.map((entry) => ({ ...entry, label: `upstream: ${entry.name}` })))('$label', async (entry) => {
    const input = entry as unknown as Parameters<typeof relctlApply>[0] & { snapshot: unknown; name: string; releasePlan: { preState?: unknown } };
    const [ours, theirs] = [await relctlApply(input), await changesetsApply(input as never)];
    const kinds: DifferenceKind[] = [];
    const module = Array.isArray(input.config.changelog) ? String(input.config.changelog[0]) : null;
    if (input.snapshot || input.releasePlan.preState) {
      // Snapshot versions and pre-release state are changesets features relctl does not have.
      kinds.push(input.snapshot ? 'snapshot' : 'pre-mode');
    } else {
      expect({ relctl: ours.ok, error: ours.ok ? null : ours.error }).toMatchObject({ relctl: theirs.ok });
      if (ours.ok && theirs.ok) {
        const changes = (after: Files): Changes => {
          const out: Changes = {};
          for (const path of new Set([...Object.keys(input.files), ...Object.keys(after)])) {
            if (input.files[path] !== after[path]) out[path] = after[path] ?? null;
          }
          return out;
        };
        const ids = input.releasePlan.changesets.map((changeset) => changeset.id);
        const workspaces = /"workspaces"/.test(input.files['package.json'] ?? '');
        const [mine, theirChanges] = [changes(ours.value), changes(theirs.value)];
        const legacy = Object.keys(input.files).some((path) => /^\.changeset\/[^/]+\//.test(path));
        const used = await compareChanges({
          ours: mine,
          theirs: theirChanges,
          allowed: ['request-id', 'repository-version', ...(legacy ? (['legacy-format'] as const) : [])],
          context: { workspaces, pending: [], versionless: [], ids },
        });
        expect(used, describeDifference(mine, theirChanges)).not.toBeNull();
        kinds.push(...(used ?? []));
      }
      if (module !== null && module.startsWith('upstream-test-utils/')) kinds.push('changelog-module');
    }
    note('apply-release-plan', input.name, kinds);
  });
});

/** `changeset version` in the case's worktree (the pending changesets removed first): the files it changes. */
async function changesetsRelease(dir: string, input: RepositoryCase, env: Record<string, string> = {}) {
  for (const path of Object.keys(input.pending ?? {})) rmSync(join(dir, path));
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  let outcome: Awaited<ReturnType<typeof changesetVersion>>;
  try {
    outcome = await changesetVersion(dir);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  if (!outcome.ok) return outcome;
  const run = (args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_TEST_ENV }, encoding: 'utf8' });
  run(['add', '-A']);
  const changed: Changes = {};
  for (const line of run(['diff', '--cached', '--no-renames', '--name-status', 'HEAD']).split('\n').filter(Boolean)) {
    const [status, path] = line.split('\t') as [string, string];
    changed[path] = status === 'D' ? null : run(['show', `:${path}`]);
  }
  // `git show` drops nothing, but `execFileSync` output is the blob; CRLF is kept.
  return { ok: true as const, value: changed };
}

async function runRepositoryCase(entry: NamedRepositoryCase, layer: Layer, env: Record<string, string> = {}) {
  const { repo, tip } = buildRepository(entry);
  try {
    const ours = await relctlRelease(repo, tip, entry);
    const theirs = await changesetsRelease(repo.dir, entry, env);
    const kinds: DifferenceKind[] = [];
    if (!ours.ok || !theirs.ok) {
      if (ours.ok !== theirs.ok) {
        const refused = ours.ok ? 'changesets' : 'relctl';
        const error = ours.ok ? (theirs as { error: string }).error : ours.error;
        expect({ refused, error }).toMatchObject({ refused: entry.refusal?.side });
        if (entry.refusal?.message) expect(error).toMatch(entry.refusal.message);
        kinds.push(entry.refusal?.kind as DifferenceKind);
      } else {
        expect(entry.refusal, `both refuse: relctl ${(ours as { error: string }).error}`).toBeUndefined();
      }
      note(layer, entry.name, kinds);
      return;
    }
    expect(entry.refusal, `${entry.refusal?.side} was expected to refuse`).toBeUndefined();
    const workspaces = 'pnpm-workspace.yaml' in entry.files || /"workspaces"/.test(entry.files['package.json'] ?? '');
    const used = await compareChanges({
      ours: ours.value.changed,
      theirs: theirs.value,
      allowed: entry.allowed,
      context: { workspaces, pending: Object.keys(entry.pending ?? {}), versionless: entry.versionless ?? [], ids: Object.keys(entry.requests) },
    });
    expect(used, describeDifference(ours.value.changed, theirs.value)).not.toBeNull();
    note(layer, entry.name, used ?? []);
  } finally {
    repo.remove();
  }
}

describe('repositories: a release through relctl and through `changeset version`', () => {
  it.each(REPOSITORY_CASES)('$name', async (entry) => runRepositoryCase(entry, 'repository'));
});

describe('changelog-github: the github style writes what @changesets/changelog-github writes', () => {
  const files = (changelog: unknown) => ({
    'package.json': `${JSON.stringify({ name: 'shop', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
    '.changeset/config.json': `${JSON.stringify({ changelog, commit: false, fixed: [], linked: [], access: 'restricted', baseBranch: 'main', updateInternalDependencies: 'patch', ignore: [] }, null, 2)}\n`,
    'packages/lib-a/package.json': `${JSON.stringify({ name: 'lib-a', version: '1.0.0' }, null, 2)}\n`,
    'packages/lib-b/package.json': `${JSON.stringify({ name: 'lib-b', version: '1.0.0', dependencies: { 'lib-a': '^1.0.0' } }, null, 2)}\n`,
  });
  const requests = {
    A: { changeset: '---\n"lib-a": minor\n---\n\nParse CSV, see #12\n\nWith headers.\n' },
    B: { changeset: '---\n"lib-b": patch\n---\n\nFaster\n' },
    C: { changeset: '---\n"lib-a": patch\n---\n\nFix rounding\n\nauthor: @carol\n' },
  };
  it.each([
    { name: 'pull requests, commits and thanks', changelog: ['@changesets/changelog-github', { repo: 'acme/shop' }] },
    { name: 'disableThanks', changelog: ['@changesets/changelog-github', { repo: 'acme/shop', disableThanks: true }] },
  ])('$name', async ({ name, changelog }) => {
    const entry: NamedRepositoryCase = { name, files: files(changelog), requests, tags: ['v1.0.0'], allowed: ['repository-version'] };
    const { repo, tip, heads } = buildRepository(entry);
    const table = {
      [heads.A as string]: {
        pull: { number: 21, url: 'https://github.com/acme/shop/pull/21', mergedAt: '2026-01-10T10:00:00Z' },
        user: { login: 'alice', url: 'https://github.com/alice' },
      },
      [heads.B as string]: { pull: null, user: { login: 'bob', url: 'https://github.com/bob' } },
      [heads.C as string]: { pull: null, user: null },
    };
    // changesets' own changelog-github asks GitHub's GraphQL API: a loopback stand-in answers it
    // (see start-changesets-graphql.ts; relctl's REST client is tested against @relctl/testing's fake).
    const graphql = await startChangesetsGraphql({ repository: 'acme/shop', serverUrl: 'https://github.com', token: 'test-token', table });
    try {
      const settings = {
        github: {
          repository: 'acme/shop',
          serverUrl: 'https://github.com',
          fetchInfo: async ({ commits }: { commits: string[] }) => ({
            commits: Object.fromEntries(
              commits.map((sha) => [sha, { pull: table[sha]?.pull ? { number: table[sha].pull.number, url: table[sha].pull.url } : null, user: table[sha]?.user ?? null }]),
            ),
            pulls: {},
          }),
        },
      };
      const ours = await relctlRelease(repo, tip, { ...entry, settings });
      // GITHUB_SERVER_URL pinned too: changesets writes it into links, and CI runners set it.
      const theirs = await changesetsRelease(repo.dir, entry, { GITHUB_TOKEN: 'test-token', GITHUB_GRAPHQL_URL: graphql.url, GITHUB_SERVER_URL: 'https://github.com' });
      expect(graphql.queries).toBeGreaterThan(0);
      expect(ours.ok && theirs.ok, JSON.stringify({ ours: ours.ok ? 'ok' : ours.error, theirs: theirs.ok ? 'ok' : (theirs as { error: string }).error })).toBe(true);
      if (!ours.ok || !theirs.ok) return;
      const used = await compareChanges({
        ours: ours.value.changed,
        theirs: theirs.value,
        allowed: ['repository-version'],
        context: { workspaces: true, pending: [], versionless: [], ids: ['A', 'B', 'C'] },
      });
      expect(used, describeDifference(ours.value.changed, theirs.value)).not.toBeNull();
      expect(ours.value.changed['packages/lib-a/CHANGELOG.md']).toContain('[#21](https://github.com/acme/shop/pull/21)');
      note('changelog-github', name, used ?? []);
    } finally {
      await graphql.close();
      repo.remove();
    }
  });
});

describe('the list of deliberate differences', () => {
  it('names only differences some case shows, each with what and why', () => {
    for (const [kind, { what, why }] of Object.entries(DELIBERATE_DIFFERENCES)) {
      expect(what.length * why.length, kind).toBeGreaterThan(0);
      expect(
        results.some((result) => result.kinds.includes(kind as DifferenceKind)),
        `no case shows ${kind}`,
      ).toBe(true);
    }
  });
});
