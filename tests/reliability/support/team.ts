import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git, gitResult, makeTempDir, startGitHttpServer, type GitHttpServer } from '@relctl/testing';

/** The shop every reliability repository starts from: one file per area. */
export const SHOP_FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'shop-web', version: '1.0.0', private: true }, null, 2)}\n`,
  'src/orders.js': 'export function orderTotal(order) {\n  return order.items.reduce((sum, item) => sum + item.price, 0);\n}\n',
  'README.md': '# shop-web\n',
  '.changeset/config.json': `${JSON.stringify({ changelog: '@changesets/cli/changelog', commit: false, access: 'restricted', baseBranch: 'main', updateInternalDependencies: 'patch', ignore: [] }, null, 2)}\n`,
};

/**
 * The relctl config of the reliability repositories: the defaults of `relctl init`, with prod's
 * `approved` rule left out where `approved` is false (an approval is for one exact head, and every
 * promotion to prod syncs the other requests, so a promoter that lost a race would be denied on
 * its retry instead of landing — the concurrency test wants to see races retried).
 */
export function reliabilityConfig(options: { approved?: boolean; remote?: string | null } = {}): string {
  const remote = options.remote === undefined ? 'origin' : options.remote === null ? 'null' : options.remote;
  return [
    'requestPrefix: req/',
    'tagPrefix: v',
    `remote: ${remote}`,
    'environments:',
    '  - name: test',
    '    kind: integration',
    '    branch: env/test',
    '  - name: prod',
    '    kind: release',
    '    branch: main',
    '    source: test',
    '    rules:',
    '      - tested-in',
    ...(options.approved ? ['      - approved'] : []),
    '      - changeset',
    '      - depends-on',
    '      - clean-merge',
    '',
  ].join('\n');
}

/** Write files (path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** The changeset of a request, as `relctl request new` writes it. */
export function changeset(id: string, bump: 'patch' | 'minor' | 'major' = 'patch', title = `Request ${id}`): string {
  return `---\n"shop-web": ${bump}\n---\n\n${title}\n`;
}

/**
 * Commit `files` (path → content, `null` deletes) on top of branch `branch` (created from `base`
 * when missing) without touching the worktree or the index: plumbing with a temporary index.
 * Returns the new head.
 */
export function commitFiles(dir: string, branch: string, files: Record<string, string | null>, message: string, base = 'main'): string {
  const ref = `refs/heads/${branch}`;
  const parent = readRef(dir, ref) ?? git(dir, ['rev-parse', `${base}^{commit}`]);
  const index = join(makeTempDir('index'), 'index');
  const env = { GIT_INDEX_FILE: index };
  try {
    git(dir, ['read-tree', parent], { env });
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        git(dir, ['update-index', '--force-remove', '--', path], { env });
        continue;
      }
      const blob = git(dir, ['hash-object', '-w', '--stdin'], { input: content });
      git(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
    }
    const tree = git(dir, ['write-tree'], { env });
    const head = git(dir, ['commit-tree', tree, '-p', parent, '-m', message]);
    git(dir, ['update-ref', ref, head]);
    return head;
  } finally {
    rmSync(dirname(index), { recursive: true, force: true });
  }
}

/**
 * Make request `id` by hand (a branch under the prefix is a request): `req/<id>` from `base` with
 * one commit adding its changeset and `src/<id>.js` (plus `extra` files). Returns the new head.
 */
export function makeRequest(dir: string, id: string, options: { base?: string; extra?: Record<string, string | null>; bump?: 'patch' | 'minor' } = {}): string {
  const safe = id.replace(/[^A-Za-z0-9]/g, '_');
  return commitFiles(
    dir,
    `req/${id}`,
    { [`.changeset/${id}.md`]: changeset(id, options.bump), [`src/${safe}.js`]: `export const ${safe} = true;\n`, ...options.extra },
    `Work on ${id}`,
    options.base ?? 'main',
  );
}

/** A bare origin served over HTTP, and a seed clone with the shop and relctl's config on main. */
export interface Team {
  /** Temp folder holding everything. */
  root: string;
  server: GitHttpServer;
  /** Path of the bare origin. */
  origin: string;
  /** Clone URL of the origin. */
  url: string;
  /** The seed clone (worktree), main checked out. */
  seed: string;
  /** Clone origin into `root/<name>` with main checked out. */
  clone(name: string): string;
  /** `git` in the origin. */
  originGit(args: string[]): string;
  close(): Promise<void>;
}

/** Options of {@link createTeam}. */
export interface CreateTeamOptions {
  config?: string;
  /** Name of the bare repository under the served folder. */
  name?: string;
  /** Delay every HTTP request by this much (widens race windows). */
  delayMs?: number;
}

/** Start an HTTP origin with the shop and the relctl config on main and `env/test` at main. */
export async function createTeam(options: CreateTeamOptions = {}): Promise<Team> {
  const root = makeTempDir('reliability');
  const served = join(root, 'served');
  mkdirSync(served);
  const name = options.name ?? 'origin.git';
  const origin = join(served, name);
  git(served, ['init', '-q', '--bare', '--initial-branch=main', origin]);
  const server = await startGitHttpServer({ root: served, ...(options.delayMs ? { delayMs: options.delayMs } : {}) });
  const url = server.url(name);
  const seed = join(root, 'seed');
  mkdirSync(seed);
  git(seed, ['init', '-q', '--initial-branch=main', '.']);
  git(seed, ['remote', 'add', 'origin', url]);
  writeFiles(seed, { ...SHOP_FILES, 'relctl.config.yaml': options.config ?? reliabilityConfig() });
  git(seed, ['add', '-A']);
  git(seed, ['commit', '-q', '-m', 'The web shop with relctl set up']);
  git(seed, ['branch', 'env/test', 'main']);
  git(seed, ['push', '-q', 'origin', 'main', 'env/test']);
  return {
    root,
    server,
    origin,
    url,
    seed,
    clone(cloneName) {
      const dir = join(root, cloneName);
      git(root, ['clone', '-q', url, dir]);
      return dir;
    },
    originGit: (args) => git(origin, args),
    async close() {
      await server.close();
      // RELCTL_RELIABILITY_KEEP=1 keeps the repositories for a post-mortem.
      if (process.env['RELCTL_RELIABILITY_KEEP'] === '1') process.stdout.write(`kept ${root}\n`);
      else rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Whether `a` is an ancestor of (or equal to) `b` in `dir`. */
export function isAncestor(dir: string, a: string, b: string): boolean {
  return gitResult(dir, ['merge-base', '--is-ancestor', a, b], { allowFailure: true }).status === 0;
}

/** A ref's value, or `null` when it does not exist. */
export function readRef(dir: string, ref: string): string | null {
  const result = gitResult(dir, ['rev-parse', '--verify', '-q', `${ref}^{commit}`], { allowFailure: true });
  return result.status === 0 ? result.stdout : null;
}
