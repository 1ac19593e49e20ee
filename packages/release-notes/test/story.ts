import { execFileSync } from 'node:child_process';
import { GIT_TEST_ENV, createTempRepo, type TempRepo } from '@relctl/testing';

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
 * Build the story with the real `git` in one `git fast-import` run (fast even on a busy machine):
 * main with `files`, `req/<id>` branches each adding its changeset and a source file, pending
 * changesets on main when asked, then `--no-ff` merges of the promoted requests into main with
 * the trailers relctl writes (`Relctl-Request`, `Relctl-Env`). The worktree is checked out clean.
 */
export function buildStory(options: BuildStoryOptions): Story {
  const repo = createTempRepo();
  const when = `${Date.parse(GIT_TEST_ENV.GIT_AUTHOR_DATE as string) / 1000} +0000`;
  const author = `author ${GIT_TEST_ENV.GIT_AUTHOR_NAME} <${GIT_TEST_ENV.GIT_AUTHOR_EMAIL}> ${when}`;
  const committer = `committer ${GIT_TEST_ENV.GIT_COMMITTER_NAME} <${GIT_TEST_ENV.GIT_COMMITTER_EMAIL}> ${when}`;
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const files = (entries: Record<string, string>) =>
    Object.entries(entries)
      .map(([path, text]) => `M 100644 inline ${path}\n${data(text)}`)
      .join('');
  let mark = 0;
  const commit = (ref: string, message: string, from: number | null, changes: string, merge?: number) => {
    mark += 1;
    const parents = `${from === null ? '' : `from :${from}\n`}${merge === undefined ? '' : `merge :${merge}\n`}`;
    return { mark, text: `commit ${ref}\nmark :${mark}\n${author}\n${committer}\n${data(message)}${parents}${changes}\n` };
  };

  const chunks: string[] = [];
  const first = commit('refs/heads/main', 'Initial commit', null, files(options.files));
  chunks.push(first.text);
  for (const tag of options.tags ?? []) {
    chunks.push(`tag ${tag}\nfrom :${first.mark}\ntagger ${committer.slice('committer '.length)}\n${data(`Release ${tag}`)}`);
  }
  const requestMarks: Record<string, number> = {};
  const requests: Array<[string, string | null]> = [...Object.entries(options.changesets), ...(options.withoutChangeset ?? []).map((id): [string, null] => [id, null])];
  for (const [id, text] of requests) {
    const changes: Record<string, string> = { [`src/${id}.txt`]: `work of ${id}\n` };
    if (text !== null) changes[`.changeset/${id}.md`] = text;
    const request = commit(`refs/heads/req/${id}`, `Request ${id}`, first.mark, files(changes));
    requestMarks[id] = request.mark;
    chunks.push(request.text);
  }
  let main = first.mark;
  if (options.pendingOnMain && options.pendingOnMain.length > 0) {
    const pending = Object.fromEntries(options.pendingOnMain.map((id) => [`.changeset/${id}.md`, options.changesets[id]]));
    const next = commit('refs/heads/main', 'Pending changesets', main, files(pending));
    chunks.push(next.text);
    main = next.mark;
  }
  const promote = options.promote ?? ['A', 'C'];
  for (const id of promote) {
    const message = `Merge request ${id} into prod\n\nRelctl-Request: ${id}\nRelctl-Env: prod`;
    // A merge's tree is main's tree plus the request's files (they touch disjoint paths here).
    const changes = files(
      Object.fromEntries(
        Object.entries({ [`src/${id}.txt`]: `work of ${id}\n`, [`.changeset/${id}.md`]: options.changesets[id as 'A'] ?? null }).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      ),
    );
    const merged = commit('refs/heads/main', message, main, changes, requestMarks[id]);
    chunks.push(merged.text);
    main = merged.mark;
  }
  repo.git(['fast-import', '--quiet', '--done'], `${chunks.join('')}done\n`);
  repo.git(['reset', '-q', '--hard', 'main']);
  const ids = requests.map(([id]) => id);
  const shas = repo.git(['rev-parse', ...ids.map((id) => `req/${id}`), `main~${promote.length}`, 'main']).split('\n');
  const heads = Object.fromEntries(ids.map((id, index) => [id, shas[index] as string]));
  return { repo, base: shas[ids.length] as string, tip: shas[ids.length + 1] as string, heads };
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

/** The first word of each bullet of the first version section of a changelog (its change groups, not "Packages"). */
export function firstEntryIds(changelog: string): string[] {
  const entry = (changelog.split(/^## /m)[1] ?? '').split(/^### Packages$/m)[0] as string;
  return entry
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .map((line) => line.slice(2).split(/[ :]/)[0] as string);
}

/** A file of a tree or commit, byte for byte (the `git()` helper trims output). */
export function showFile(repo: TempRepo, treeish: string, path: string): string {
  return execFileSync('git', ['cat-file', 'blob', `${treeish}:${path}`], { cwd: repo.dir, env: { ...process.env, ...GIT_TEST_ENV } }).toString('utf8');
}
