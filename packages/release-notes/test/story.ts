import { createTempRepo, type TempRepo } from '@relctl/testing';

/** A temp repository holding the A–D story: four request branches, A and C merged into main. */
export interface Story {
  repo: TempRepo;
  /** main before the promotion's merges. */
  base: string;
  /** main after merging A and C (the commit to release). */
  tip: string;
  /** Request heads by id. */
  heads: Record<string, string>;
}

/** Options of {@link buildStory}. */
export interface BuildStoryOptions {
  /** Files of the first commit on main. */
  files: Record<string, string>;
  /** `.changeset/<id>.md` text for A, B, C, D (each on its request branch). */
  changesets: Record<'A' | 'B' | 'C' | 'D', string>;
  /** Annotated tags to create on the first commit. */
  tags?: string[];
  /**
   * Ids whose changeset files are also committed straight to main before the promotion (pending
   * changesets that the release must leave alone).
   */
  pendingOnMain?: Array<'B' | 'D'>;
  /** Requests to merge into main, in order. Default A, C. */
  promote?: string[];
  /** Extra request branches without a changeset file. */
  withoutChangeset?: string[];
}

/**
 * Build the story with the real `git`: main with `files`, `req/<id>` branches each adding its
 * changeset and a source file, then `--no-ff` merges of the promoted requests into main with the
 * trailers relctl writes (`Relctl-Request`, `Relctl-Env`).
 */
export function buildStory(options: BuildStoryOptions): Story {
  const repo = createTempRepo();
  const first = repo.commit('Initial commit', options.files);
  for (const tag of options.tags ?? []) repo.git(['tag', '-a', tag, '-m', `Release ${tag}`, first]);
  const heads: Record<string, string> = {};
  const requests: Array<[string, string | null]> = [
    ...Object.entries(options.changesets),
    ...(options.withoutChangeset ?? []).map((id): [string, null] => [id, null]),
  ];
  for (const [id, text] of requests) {
    repo.git(['checkout', '-q', '-b', `req/${id}`, 'main']);
    const files: Record<string, string> = { [`src/${id}.txt`]: `work of ${id}\n` };
    if (text !== null) files[`.changeset/${id}.md`] = text;
    heads[id] = repo.commit(`Request ${id}`, files);
    repo.git(['checkout', '-q', 'main']);
  }
  if (options.pendingOnMain && options.pendingOnMain.length > 0) {
    const pending = Object.fromEntries(options.pendingOnMain.map((id) => [`.changeset/${id}.md`, options.changesets[id]]));
    repo.commit('Pending changesets', pending);
  }
  const base = repo.git(['rev-parse', 'HEAD']);
  for (const id of options.promote ?? ['A', 'C']) {
    repo.git(['merge', '-q', '--no-ff', `req/${id}`, '-m', `Merge request ${id} into prod\n\nRelctl-Request: ${id}\nRelctl-Env: prod`]);
  }
  return { repo, base, tip: repo.git(['rev-parse', 'HEAD']), heads };
}

/** Every ref and its value, plus the worktree status: what a read-only operation must not change. */
export function snapshot(repo: TempRepo): string {
  return `${repo.git(['for-each-ref', '--format=%(refname) %(objectname)'])}\n--\n${repo.git(['status', '--porcelain'])}`;
}

/** The paths that differ between two trees or commits, as `git diff --name-status` prints them. */
export function changedPaths(repo: TempRepo, from: string, to: string): string[] {
  return repo
    .git(['diff', '--no-renames', '--name-status', from, to])
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/\t/, ' '))
    .sort();
}

/** The bullets (`- …` lines) of the first version section of a changelog. */
export function firstEntryIds(changelog: string): string[] {
  const sections = changelog.split(/^## /m);
  const entry = sections[1] ?? '';
  return entry
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .map((line) => line.slice(2).split(/[ :]/)[0] as string);
}
