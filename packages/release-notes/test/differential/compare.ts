/**
 * How the differential test compares the files both sides write: exactly, or after the
 * normalizations that stand for deliberate differences (each one names its kind).
 */
import { createRequire } from 'node:module';
import type { DifferenceKind } from './deliberate-differences.js';

/** prettier 2 (the one @changesets/apply-release-plan runs), which ships no types. */
const prettier = createRequire(import.meta.url)('prettier') as { format(text: string, options: { parser: string }): string };

/** Path → text after the release; `null`: deleted. */
export type Changes = Record<string, string | null>;

/** What a normalization may look at. */
export interface CompareContext {
  /** Workspace monorepo (the root CHANGELOG.md and root package.json are the repository's). */
  workspaces: boolean;
  /** Changeset paths of requests not released (they stay on relctl's side). */
  pending: string[];
  /** Changeset paths relctl consumes where changesets keeps them (packages without a version). */
  versionless: string[];
  /** Request ids (they lead each of relctl's changelog-git lines). */
  ids: string[];
}

type Normalize = (changes: { ours: Changes; theirs: Changes }, context: CompareContext) => { ours: Changes; theirs: Changes };

const mapChangelogs = (changes: Changes, map: (text: string, path: string) => string): Changes =>
  Object.fromEntries(Object.entries(changes).map(([path, text]) => [path, text !== null && /(^|\/)CHANGELOG\.md$/.test(path) ? map(text, path) : text]));
const drop = (changes: Changes, paths: (path: string) => boolean): Changes => Object.fromEntries(Object.entries(changes).filter(([path]) => !paths(path)));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The normalization standing for each kind that changes files (the others are decided by outcome). */
export const NORMALIZE: Partial<Record<DifferenceKind, Normalize>> = {
  'request-id': ({ ours, theirs }, { ids }) => {
    const pattern = new RegExp(`^- (?:${ids.map(escape).join('|')})(?: \\(([0-9a-f]{7})\\))?(?::|$)`, 'gm');
    return { ours: mapChangelogs(ours, (text) => text.replace(pattern, (_match, sha?: string) => (sha ? `- ${sha}:` : '-'))), theirs };
  },
  'commit-sha': ({ ours, theirs }) => {
    const hide = (text: string) => text.replace(/\b[0-9a-f]{7}\b/g, '<sha>');
    return { ours: mapChangelogs(ours, hide), theirs: mapChangelogs(theirs, hide) };
  },
  'repository-version': ({ ours, theirs }, { workspaces }) => {
    const repositoryFiles = (path: string) => path === 'CHANGELOG.md' || (workspaces && path === 'package.json');
    return { ours: drop(ours, (path) => repositoryFiles(path) && !(path in theirs)), theirs };
  },
  'other-changes': ({ ours, theirs }) => ({
    ours: mapChangelogs(ours, (text) => text.replace(/### Other Changes\n\n(?:- [^\n]*\n(?: {2}[^\n]*\n|\n(?= {2}))*)+\n?/g, '')),
    theirs,
  }),
  subset: ({ ours, theirs }, { pending }) => ({ ours: drop(ours, (path) => pending.includes(path)), theirs: drop(theirs, (path) => pending.includes(path)) }),
  'versionless-app': ({ ours, theirs }, { versionless }) => ({ ours: drop(ours, (path) => versionless.includes(path)), theirs }),
  'legacy-format': ({ ours, theirs }) => ({ ours, theirs: drop(theirs, (path) => /^\.changeset\/[^/]+\//.test(path)) }),
  'line-ends': ({ ours, theirs }) => {
    const lf = (text: string) => text.replace(/\r\n/g, '\n');
    return { ours: mapChangelogs(ours, lf), theirs: mapChangelogs(theirs, lf) };
  },
};

/** prettier's markdown formatting of relctl's changelogs (the `prettier` kind), as apply-release-plan formats its own. */
export async function prettierChangelogs(changes: Changes): Promise<Changes> {
  const out: Changes = {};
  for (const [path, text] of Object.entries(changes)) {
    out[path] = text !== null && /(^|\/)CHANGELOG\.md$/.test(path) ? await prettier.format(text, { parser: 'markdown' }) : text;
  }
  return out;
}

/**
 * Compare both sides' changes: `[]` when equal as they are; the kinds whose normalizations made
 * them equal; or `null` when even the allowed kinds leave a difference.
 */
export async function compareChanges(input: { ours: Changes; theirs: Changes; allowed: DifferenceKind[]; context: CompareContext }): Promise<DifferenceKind[] | null> {
  const equal = (a: Changes, b: Changes) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
  let state = { ours: input.ours, theirs: input.theirs };
  if (equal(state.ours, state.theirs)) return [];
  const used: DifferenceKind[] = [];
  for (const kind of input.allowed) {
    let next = state;
    if (kind === 'prettier') next = { ours: await prettierChangelogs(state.ours), theirs: state.theirs };
    else {
      const normalize = NORMALIZE[kind];
      if (!normalize) continue;
      next = normalize(state, input.context);
    }
    if (JSON.stringify(sorted(next.ours)) !== JSON.stringify(sorted(state.ours)) || JSON.stringify(sorted(next.theirs)) !== JSON.stringify(sorted(state.theirs))) used.push(kind);
    state = next;
    if (equal(state.ours, state.theirs)) return used;
  }
  return null;
}

function sorted(changes: Changes): Array<[string, string | null]> {
  return Object.entries(changes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A readable diff of two change sets, for a failing case. */
export function describeDifference(ours: Changes, theirs: Changes): string {
  const paths = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort();
  return paths
    .filter((path) => ours[path] !== theirs[path])
    .map((path) => `${path}\n  relctl:     ${shown(ours, path)}\n  changesets: ${shown(theirs, path)}`)
    .join('\n');
}

function shown(changes: Changes, path: string): string {
  if (!(path in changes)) return '(unchanged)';
  const text = changes[path];
  return text === null || text === undefined ? '(deleted)' : JSON.stringify(text);
}
