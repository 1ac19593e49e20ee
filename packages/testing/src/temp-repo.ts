import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from './git.js';

/** A throw-away repository in a temp folder. */
export interface TempRepo {
  /** Absolute path of the worktree (or of the repository itself when bare). */
  dir: string;
  /** Run `git` in the repository. */
  git(args: string[], input?: string): string;
  /** Write files (path → content) into the worktree, creating folders. */
  write(files: Record<string, string | Uint8Array>): void;
  /** Write files, `git add -A`, commit with `message`; returns the new commit id. */
  commit(message: string, files?: Record<string, string | Uint8Array>): string;
  /** Remove the folder. */
  remove(): void;
}

/** Options of {@link createTempRepo}. */
export interface CreateTempRepoOptions {
  /** Create a bare repository. */
  bare?: boolean;
  /** Initial branch name. Default `main`. */
  branch?: string;
  /** Object format. Default `sha1`. */
  objectFormat?: 'sha1' | 'sha256';
}

/** Make an empty folder under the OS temp dir whose name starts with `relctl-<label>-`. */
export function makeTempDir(label = 'test'): string {
  return mkdtempSync(join(tmpdir(), `relctl-${label}-`));
}

/**
 * Create a real git repository in a new temp folder, with deterministic identity and dates.
 *
 * @example
 * ```ts
 * const repo = createTempRepo();
 * const first = repo.commit('init', { 'README.md': 'hello\n' });
 * ```
 */
export function createTempRepo(options: CreateTempRepoOptions = {}): TempRepo {
  const dir = makeTempDir('repo');
  const args = ['init', '-q', `--initial-branch=${options.branch ?? 'main'}`];
  if (options.bare) args.push('--bare');
  if (options.objectFormat) args.push(`--object-format=${options.objectFormat}`);
  git(dir, [...args, '.']);
  return openTempRepo(dir);
}

/** Wrap an existing folder (e.g. a clone made in a test) as a {@link TempRepo}. */
export function openTempRepo(dir: string): TempRepo {
  const repo: TempRepo = {
    dir,
    git: (args, input) => git(dir, args, input === undefined ? {} : { input }),
    write(files) {
      for (const [path, content] of Object.entries(files)) {
        const full = join(dir, path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    },
    commit(message, files = {}) {
      repo.write(files);
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '--allow-empty', '-m', message]);
      return git(dir, ['rev-parse', 'HEAD']);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return repo;
}
