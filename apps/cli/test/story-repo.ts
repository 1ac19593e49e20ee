import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createTempRepo, git, gitResult, makeTempDir, openTempRepo, startGitHttpServer, type GitHttpServer, type TempRepo } from '@relctl/testing';
import { refSnapshot, relctl, type CliResult } from './cli-harness.js';

/** The two git port implementations the CLI can run on (`RELCTL_GIT_BACKEND`). */
export type Backend = 'isomorphic' | 'system';

/** Options of {@link createStoryRepo}. */
export interface StoryRepoOptions {
  /** `RELCTL_GIT_BACKEND` for every relctl run; default: the CLI's own default (unset). */
  backend?: Backend;
  /**
   * Give the repository a bare `origin`, served over smart HTTP (isomorphic-git reaches only
   * http(s) remotes), so promotions push.
   */
  origin?: boolean;
}

/** A repository set up the way a team starts with relctl: the live code on main, `relctl init` committed. */
export interface StoryRepo {
  /** Worktree of the developer's clone (where relctl runs). */
  dir: string;
  /** The bare origin repository, or `null` without one. */
  origin: string | null;
  /** Run `git` in the clone. */
  git(args: string[]): string;
  /** Run `git` in origin (throws without one). */
  originGit(args: string[]): string;
  /** Run the built relctl in the clone, with this repository's backend. */
  relctl(args: string[], env?: Record<string, string>): CliResult;
  /** Run relctl and fail the test (with its output) unless it exits 0. */
  ok(args: string[], env?: Record<string, string>): CliResult;
  /** Switch to `branch`, write files, commit, switch back to main; push the branch when there is an origin. Returns the new head. */
  commitOn(branch: string, message: string, files: Record<string, string>): string;
  /** Write files on main and commit them (pushed to origin when there is one). */
  commitOnMain(message: string, files: Record<string, string>): string;
  /** A file's content at a revision, or `null` when it does not exist there. */
  show(rev: string, path: string): string | null;
  /** `git rev-parse`. */
  sha(rev: string): string;
  /** Whether `a` is an ancestor of (or equal to) `b`. */
  isAncestor(a: string, b: string): boolean;
  /** First-parent commits of `rev` down to (excluding) `until`, newest first: sha, parents and the Relctl-Request trailer. */
  firstParents(rev: string, until: string): Array<{ sha: string; parents: string[]; request: string; subject: string }>;
  /** Every local ref and value (`refSnapshot`). */
  refs(): string;
  /** The `refs/heads`, `refs/tags` and `refs/relctl` refs and values of origin. */
  originRefs(): string;
  /** The same refs of the clone, to compare with {@link originRefs}. */
  sharedRefs(): string;
  /** Everything a refused command must leave as it was: refs, `git status --porcelain`, run state. */
  fingerprint(): string;
  /**
   * A copy of this repository, and of its origin (served by a server of its own), in new temp
   * folders: for tests that each start from the same expensive state, built once. The copy runs
   * relctl with the same backend; removing one leaves the other.
   */
  copy(): Promise<StoryRepo>;
  remove(): Promise<void>;
}

/** The live web shop: one file per area, so requests can change different files (or the same line). */
export const SHOP_FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'shop-web', version: '1.0.0', private: true }, null, 2)}\n`,
  'src/orders.js': 'export function orderTotal(order) {\n  return order.items.reduce((sum, item) => sum + item.price, 0);\n}\n',
  'src/products.js': "export const products = [{ id: 1, name: 'Tea' }];\n",
  'src/mail.js': "export const sender = 'shop@example.com';\n",
  'README.md': '# shop-web\n',
};

/**
 * Build a repository the way a team starts: the shop on `main`, `relctl init` run and its files
 * committed to main (and main pushed, with an origin, as init's message says; `env/test` exists
 * only here until relctl pushes it). Every relctl run uses `options.backend`.
 */
export async function createStoryRepo(options: StoryRepoOptions = {}): Promise<StoryRepo> {
  const clone: TempRepo = createTempRepo();
  const env: Record<string, string> = options.backend ? { RELCTL_GIT_BACKEND: options.backend } : {};
  let server: GitHttpServer | null = null;
  let originRoot: string | null = null;
  if (options.origin) {
    originRoot = makeTempDir('cli-origin');
    git(originRoot, ['init', '-q', '--bare', '--initial-branch=main', join(originRoot, 'origin.git')]);
    server = await startGitHttpServer({ root: originRoot });
    clone.git(['remote', 'add', 'origin', server.url('origin.git')]);
  }
  const repo = storyRepoAt(clone, originRoot, server, env);
  repo.commitOnMain('The web shop as it runs in production', SHOP_FILES);
  repo.ok(['init']);
  clone.git(['add', 'relctl.config.yaml', '.changeset']);
  clone.git(['commit', '-q', '-m', 'Set up relctl']);
  if (originRoot) clone.git(['push', '-q', 'origin', 'main']);
  return repo;
}

/** The {@link StoryRepo} of a clone (and its origin under `originRoot`, served by `server`); relctl runs with `env`. */
function storyRepoAt(clone: TempRepo, originRoot: string | null, server: GitHttpServer | null, env: Record<string, string>): StoryRepo {
  const origin = originRoot ? join(originRoot, 'origin.git') : null;
  const run = (args: string[], extra: Record<string, string> = {}) => relctl(clone.dir, args, { ...env, ...extra });
  const ok = (args: string[], extra: Record<string, string> = {}) => {
    const result = run(args, extra);
    expect(result.code, `relctl ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
    return result;
  };
  const push = (...refs: string[]) => {
    if (origin) clone.git(['push', '-q', 'origin', ...refs]);
  };

  const repo: StoryRepo = {
    dir: clone.dir,
    origin,
    git: (args) => clone.git(args),
    originGit: (args) => {
      if (!origin) throw new Error('This story repository has no origin.');
      return git(origin, args);
    },
    relctl: run,
    ok,
    commitOn(branch, message, files) {
      clone.git(['switch', '-q', branch]);
      const head = clone.commit(message, files);
      clone.git(['switch', '-q', 'main']);
      push(branch);
      return head;
    },
    commitOnMain(message, files) {
      const head = clone.commit(message, files);
      push('main');
      return head;
    },
    show(rev, path) {
      const result = gitResult(clone.dir, ['show', `${rev}:${path}`], { allowFailure: true });
      return result.status === 0 ? result.stdout : null;
    },
    sha: (rev) => clone.git(['rev-parse', rev]),
    isAncestor: (a, b) => gitResult(clone.dir, ['merge-base', '--is-ancestor', a, b], { allowFailure: true }).status === 0,
    firstParents(rev, until) {
      const out = clone.git(['log', '--first-parent', '--format=%H%x09%P%x09%(trailers:key=Relctl-Request,valueonly,separator=%x2C)%x09%s', `${until}..${rev}`]);
      return out === ''
        ? []
        : out.split('\n').map((line) => {
            const [sha = '', parents = '', request = '', subject = ''] = line.split('\t');
            return { sha, parents: parents.split(' ').filter(Boolean), request: request.trim(), subject };
          });
    },
    refs: () => refSnapshot(clone.dir),
    originRefs: () => {
      if (!origin) throw new Error('This story repository has no origin.');
      return git(origin, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/relctl']);
    },
    sharedRefs: () => clone.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/relctl']),
    fingerprint() {
      const status = clone.git(['status', '--porcelain', '--untracked-files=all']);
      return `${refSnapshot(clone.dir)}\n--status--\n${status}\n--run--\n${runState(clone.dir)}`;
    },
    async copy() {
      const copy = openTempRepo(makeTempDir('repo'));
      cpSync(clone.dir, copy.dir, { recursive: true, verbatimSymlinks: true });
      if (!originRoot) return storyRepoAt(copy, null, null, env);
      const copyRoot = makeTempDir('cli-origin');
      cpSync(originRoot, copyRoot, { recursive: true, verbatimSymlinks: true });
      const copyServer = await startGitHttpServer({ root: copyRoot });
      copy.git(['remote', 'set-url', 'origin', copyServer.url('origin.git')]);
      return storyRepoAt(copy, copyRoot, copyServer, env);
    },
    async remove() {
      await server?.close();
      clone.remove();
      if (originRoot) rmSync(originRoot, { recursive: true, force: true });
    },
  };
  return repo;
}

/** The saved run state relctl keeps under `.git/relctl/` (unfinished and last run), for "nothing changed" checks. */
export function runState(dir: string): string {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, '.git', 'relctl', name), 'utf8');
    } catch {
      return '(none)';
    }
  };
  return `run.json: ${read('run.json')}\nlast-run.json: ${read('last-run.json')}`;
}

/**
 * The request A-D fixture: four requests with their bumps and one commit of work each, on
 * different files so they merge cleanly. Returns the heads after the work.
 */
export function startFourRequests(repo: StoryRepo): Record<'A' | 'B' | 'C' | 'D', string> {
  repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--requester', 'Kim', '--bump', 'minor']);
  repo.ok(['request', 'new', 'B', '--title', 'New product page layout', '--requester', 'Park', '--bump', 'minor']);
  repo.ok(['request', 'new', 'C', '--title', 'Fix rounding in order totals', '--requester', 'Kim', '--bump', 'patch']);
  repo.ok(['request', 'new', 'D', '--title', 'Welcome e-mail for new users', '--requester', 'Choi', '--bump', 'minor']);
  return {
    A: repo.commitOn('req/A', 'Add CSV export of orders', { 'src/export.js': 'export function ordersCsv(orders) {\n  return orders.join("\\n");\n}\n' }),
    B: repo.commitOn('req/B', 'New product page layout', { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" }),
    C: repo.commitOn('req/C', 'Round order totals to cents', {
      'src/orders.js': 'export function orderTotal(order) {\n  return Math.round(order.items.reduce((sum, item) => sum + item.price, 0) * 100) / 100;\n}\n',
    }),
    D: repo.commitOn('req/D', 'Send a welcome e-mail', { 'src/welcome.js': "export const welcome = { subject: 'Welcome!' };\n" }),
  };
}

/** The numbered step lines of a `--dry-run` (`  3. merge …` → `merge …`). */
export function dryRunSteps(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => /^ {2}\d+\. /.test(line))
    .map((line) => line.replace(/^ {2}\d+\. /, ''));
}

/** The progress lines of a real run (`  3/15 merge … — merged …` → `merge …`). */
export function progressSteps(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => /^ {2}\d+\/\d+ /.test(line))
    .map((line) => line.replace(/^ {2}\d+\/\d+ /, '').replace(/ — .*$/, ''));
}

/**
 * The story up to the release decision: A-D started ({@link startFourRequests}), all four on
 * test, A and C approved for prod by Kim. Returns the heads.
 */
export function startFourOnTestAcApproved(repo: StoryRepo): Record<'A' | 'B' | 'C' | 'D', string> {
  const heads = startFourRequests(repo);
  repo.ok(['promote', 'A', 'B', 'C', 'D', '--to', 'test']);
  repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
  repo.ok(['approve', 'C', '--for', 'prod', '--by', 'Kim']);
  return heads;
}
