import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, GIT_TEST_ENV, git, makeTempDir, openTempRepo, startGitHttpServer, type GitHttpServer, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/index.js';
import { createIsomorphicRemote } from './create-isomorphic-remote.js';

let root: string;
let server: GitHttpServer;
let bundle: string;
const cleanups: (() => unknown)[] = [];

/** A real process that pushes or fetches with the isomorphic remote, so RELCTL_FAULT can kill it on the spot. */
beforeAll(async () => {
  root = makeTempDir('resume-root');
  server = await startGitHttpServer({ root });
  const here = dirname(fileURLToPath(import.meta.url));
  const entry = join(root, 'child.ts');
  writeFileSync(
    entry,
    [
      `import { openRepository } from ${JSON.stringify(resolve(here, '../repo/index.ts'))};`,
      `import { createIsomorphicRemote } from ${JSON.stringify(resolve(here, './index.ts'))};`,
      'const [dir, op, updates] = process.argv.slice(2);',
      'const remote = createIsomorphicRemote({ repo: await openRepository({ cwd: dir }), env: {} });',
      "if (op === 'push') await remote.push('origin', JSON.parse(updates));",
      "else await remote.fetch('origin');",
      "console.log('done');",
    ].join('\n'),
  );
  bundle = join(root, 'child.mjs');
  await build({
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@relctl/source'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let counter = 0;

/** An origin (`main`, `req/B` and `refs/relctl/log` at one commit) served over HTTP, and a clone that fetched it. */
function setup(): { bare: TempRepo; clone: TempRepo; base: string } {
  counter += 1;
  const name = `r${counter}.git`;
  const seed = createTempRepo();
  cleanups.push(() => seed.remove());
  const base = seed.commit('base', { 'f.txt': 'base\n' });
  git(root, ['clone', '-q', '--bare', seed.dir, name]);
  const bare = openTempRepo(join(root, name));
  bare.git(['update-ref', 'refs/relctl/log', base]);
  bare.git(['update-ref', 'refs/heads/req/B', base]);
  const dir = join(makeTempDir('resume-clone'), 'clone');
  git(root, ['clone', '-q', bare.dir, dir]);
  git(dir, ['fetch', '-q', 'origin', '+refs/relctl/*:refs/remotes/origin/relctl/*']);
  git(dir, ['remote', 'set-url', 'origin', server.url(name)]);
  cleanups.push(() => rmSync(join(dir, '..'), { recursive: true, force: true }));
  return { bare, clone: openTempRepo(dir), base };
}

function run(clone: TempRepo, args: string[], fault: string) {
  return spawnSync(process.execPath, [bundle, clone.dir, ...args], { env: { ...process.env, ...GIT_TEST_ENV, RELCTL_FAULT: fault }, encoding: 'utf8' });
}

function refs(repo: TempRepo, ...patterns: string[]): string[] {
  return repo
    .git(['for-each-ref', '--format=%(refname) %(objectname)', ...patterns])
    .split('\n')
    .filter(Boolean);
}

function journals(repo: TempRepo): string[] {
  try {
    return readdirSync(join(repo.dir, '.git', 'relctl', 'journal'));
  } catch {
    return [];
  }
}

/**
 * Issue 23, case 141: a push killed while it moved the remote-tracking refs (its own ref
 * transaction, after origin took the push) left that transaction's journal. The resumed push read
 * the tracking refs, then its transaction settled the journal first and took the settled values
 * for another process's move: `refs/remotes/origin/main is at <new> but <old> was expected`.
 */
describe('isomorphic remote: resuming after a process killed inside its own tracking-ref transaction', () => {
  it.each(['tx:after-lock', 'tx:after-journal', 'tx:after-rename:1', 'tx:after-rename:2', 'tx:before-journal-delete'])(
    'push killed at %s: the resumed push (origin already there) brings the tracking refs up to date',
    async (point) => {
      const { bare, clone, base } = setup();
      const next = clone.commit('next', { 'f.txt': 'next\n' });
      const updates = [
        { ref: 'refs/heads/main', lease: base, next },
        { ref: 'refs/heads/req/B', lease: base, next },
        { ref: 'refs/relctl/log', lease: base, next },
      ];
      const killed = run(clone, ['push', JSON.stringify(updates)], point);
      expect(killed.signal, killed.stdout + killed.stderr).toBe('SIGKILL');
      expect(refs(bare, 'refs/heads/main', 'refs/heads/req/B', 'refs/relctl/log')).toEqual([`refs/heads/main ${next}`, `refs/heads/req/B ${next}`, `refs/relctl/log ${next}`]);
      expect(journals(clone)).not.toEqual([]);

      // What pushResumable sends once it found origin at `next` everywhere.
      const remote = createIsomorphicRemote({ repo: await openRepository({ cwd: clone.dir }), env: {} });
      await remote.push(
        'origin',
        updates.map((update) => ({ ...update, lease: next })),
      );

      expect(refs(clone, 'refs/remotes/origin/main', 'refs/remotes/origin/req/', 'refs/remotes/origin/relctl/')).toEqual([
        `refs/remotes/origin/main ${next}`,
        `refs/remotes/origin/relctl/log ${next}`,
        `refs/remotes/origin/req/B ${next}`,
      ]);
      expect(journals(clone)).toEqual([]);
      expect(clone.git(['status', '--porcelain'])).toBe('');
    },
  );

  it('fetch killed inside its tracking-ref transaction: the next fetch settles it and finishes', async () => {
    const { bare, clone } = setup();
    const other = createTempRepo();
    cleanups.push(() => other.remove());
    other.git(['fetch', '-q', bare.dir, 'main']);
    other.git(['reset', '-q', '--hard', 'FETCH_HEAD']);
    const next = other.commit('elsewhere', { 'g.txt': 'g\n' });
    other.git(['push', '-q', bare.dir, `${next}:refs/heads/main`, `${next}:refs/heads/req/B`, `${next}:refs/relctl/log`]);
    const killed = run(clone, ['fetch'], 'tx:after-rename:1');
    expect(killed.signal, killed.stdout + killed.stderr).toBe('SIGKILL');
    expect(journals(clone)).not.toEqual([]);
    await createIsomorphicRemote({ repo: await openRepository({ cwd: clone.dir }), env: {} }).fetch('origin');
    expect(refs(clone, 'refs/remotes/origin/main', 'refs/remotes/origin/req/', 'refs/remotes/origin/relctl/')).toEqual([
      `refs/remotes/origin/main ${next}`,
      `refs/remotes/origin/relctl/log ${next}`,
      `refs/remotes/origin/req/B ${next}`,
    ]);
    expect(journals(clone)).toEqual([]);
  });
});
