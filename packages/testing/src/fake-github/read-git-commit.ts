import { gitResult } from '../git.js';

/** A git identity line of a commit (`author`, `committer`). */
export interface GitSignature {
  name: string;
  email: string;
  /** UTC, `2026-01-01T00:00:00Z`, as GitHub writes commit dates. */
  date: string;
}

/** One file a commit changed, against its first parent (GitHub's view of a commit's diff). */
export interface GitCommitFile {
  filename: string;
  /** The old path of a renamed file. */
  previousFilename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'changed';
  /** Blob of the file after the commit (before it, for a removed file); `null` when only the mode changed. */
  sha: string | null;
  additions: number;
  deletions: number;
  /** The hunks (from the first `@@`), absent for binary files and changes without lines. */
  patch?: string;
}

/** A commit read from the backing repository. */
export interface GitCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  /** The message without its trailing newline. */
  message: string;
  /** The `gpgsig` header (ASCII armour), `null` for an unsigned commit. */
  signature: string | null;
  /** The commit object without its signature: what a signature signs. */
  payload: string;
  files: GitCommitFile[];
}

/**
 * Read a commit and its diff against its first parent (every file added for a root commit) from
 * a repository with the system git, as GitHub's "get a commit" shows it: renames found (`-M`),
 * line counts from `--numstat` (0 for binary files), one patch per file.
 *
 * @example
 * ```ts
 * const commit = readGitCommit({ gitDir: origin, sha: 'c0ffee…' });
 * commit?.files; // [{ filename: 'a.txt', status: 'added', additions: 1, deletions: 0, … }]
 * ```
 */
export function readGitCommit(options: { gitDir: string; sha: string }): GitCommit | null {
  const { gitDir, sha } = options;
  const raw = gitResult(gitDir, ['cat-file', 'commit', sha], { allowFailure: true });
  if (raw.status !== 0) return null;
  const blank = raw.stdout.indexOf('\n\n');
  const headerText = blank === -1 ? raw.stdout : raw.stdout.slice(0, blank);
  const message = blank === -1 ? '' : raw.stdout.slice(blank + 2).replace(/\n+$/, '');
  // Header lines; a line starting with a space continues the one before (a multi-line gpgsig).
  const headers: Array<[string, string]> = [];
  for (const line of headerText.split('\n')) {
    if (line.startsWith(' ') && headers.length > 0) (headers[headers.length - 1] as [string, string])[1] += `\n${line.slice(1)}`;
    else headers.push([line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]);
  }
  const one = (name: string): string => headers.find(([key]) => key === name)?.[1] ?? '';
  const signature = headers.find(([key]) => key === 'gpgsig' || key === 'gpgsig-sha256')?.[1] ?? null;
  const parents = headers.filter(([key]) => key === 'parent').map(([, value]) => value);
  const unsigned = headers.filter(([key]) => key !== 'gpgsig' && key !== 'gpgsig-sha256').map(([key, value]) => `${key} ${value.split('\n').join('\n ')}`);
  return {
    sha,
    tree: one('tree'),
    parents,
    author: signatureOf(one('author')),
    committer: signatureOf(one('committer')),
    message,
    signature,
    payload: `${unsigned.join('\n')}\n\n${message}\n`,
    files: readFiles(gitDir, sha, parents[0]),
  };
}

/** `Name <email> 1767225600 +0900` → name, email and the UTC date. */
function signatureOf(line: string): GitSignature {
  const match = /^(.*) <([^>]*)> (\d+) [+-]\d{4}$/.exec(line);
  if (!match) return { name: line, email: '', date: '1970-01-01T00:00:00Z' };
  return { name: match[1] as string, email: match[2] as string, date: new Date(Number(match[3]) * 1000).toISOString().replace('.000Z', 'Z') };
}

function readFiles(gitDir: string, sha: string, parent: string | undefined): GitCommitFile[] {
  // Two trees (first parent, commit) for every commit, so a merge shows what it brought in over
  // its first parent, as on GitHub; `--root` for a commit without parents.
  const range = parent === undefined ? ['--root', '--no-commit-id', sha] : [parent, sha];
  const diff = (args: string[]): string => gitResult(gitDir, ['diff-tree', '-r', '-M', ...args, ...range]).stdout;
  const raw = diff(['--raw', '-z', '--no-abbrev']).split('\0');
  const numstat = diff(['--numstat', '-z']).split('\0');
  const patches = diff(['-p', '--no-color'])
    .split(/^diff --git .*$/m)
    .slice(1);
  const files: GitCommitFile[] = [];
  let at = 0;
  let counted = 0;
  while (at < raw.length && raw[at] !== '') {
    const [, oldMode, newMode, oldSha, newSha, code] = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(raw[at] as string) ?? [];
    const renamed = code === 'R';
    const path = raw[at + 1] as string;
    const target = renamed ? (raw[at + 2] as string) : path;
    at += renamed ? 3 : 2;
    // --numstat -z: "added\tdeleted\tpath" or, for a rename, "added\tdeleted\t" then old and new path.
    const [added, deleted, own] = (numstat[counted] ?? '').split('\t');
    counted += own === '' ? 3 : 1;
    const status = code === 'A' ? 'added' : code === 'D' ? 'removed' : renamed ? 'renamed' : oldSha === newSha && oldMode !== newMode ? 'changed' : 'modified';
    const hunks = /^@@[\s\S]*/m.exec(patches[files.length] ?? '')?.[0].replace(/\n$/, '');
    files.push({
      filename: target,
      ...(renamed ? { previousFilename: path } : {}),
      status,
      sha: status === 'removed' ? (oldSha as string) : status === 'changed' ? null : (newSha as string),
      additions: Number(added) || 0,
      deletions: Number(deleted) || 0,
      ...(hunks === undefined ? {} : { patch: hunks }),
    });
  }
  return files;
}
