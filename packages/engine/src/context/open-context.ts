import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import {
  assertValidConfig,
  ConfigError,
  type AuditLogPort,
  type CommitData,
  type GitPort,
  type Policy,
  type ReleasePort,
  type RemotePort,
  type RuleRegistry,
  type SkippedAuditRecord,
} from '@relctl/core';
import {
  createIsomorphicGitPort,
  createIsomorphicRemote,
  createSystemGitPort,
  createSystemRemote,
  injectFault,
  openRepository,
  signedCommit,
  type Repository,
  type SigningKey,
} from '@relctl/git';
import type { RunOptions, RunStateStore } from '@relctl/runner';
import type { EngineEvent, EngineEventListener } from '../events/engine-event.js';
import type { Io } from './io.js';
import { loadConfig } from '../config/load-config.js';
import { withResolutions } from '../conflicts/with-resolutions.js';
import { readOffline, type OfflineSource } from './read-offline.js';
import { remoteUrl } from './remote-url.js';
import { formatActor, readIdentity, type Identity } from './read-identity.js';
import { readSigningKey } from './read-signing-key.js';
import { openAuditLog } from './open-audit-log.js';
import { readRetrySeconds } from './read-retry-seconds.js';
import { reuseMerges } from './reuse-merges.js';

/**
 * Which git port implementation to use.
 *
 * @example
 * ```ts
 * const backend: GitBackend = session.backend; // 'system' when a git binary does the work
 * ```
 */
export type GitBackend = 'isomorphic' | 'system';

/**
 * Everything an operation needs, opened once per command (see `openSession`).
 *
 * @example
 * ```ts
 * const session: CliContext = await openSession({ cwd: repoDir });
 * console.log(session.policy.environments.map((env) => env.name), session.actor);
 * session.close();
 * ```
 */
export interface CliContext<I extends Io = Io> {
  /** The surroundings it was opened with, as given (a front end may pass a richer `Io` of its own). */
  io: I;
  repo: Repository;
  /** Worktree root (or the git dir of a bare repository). */
  root: string;
  policy: Policy;
  customRules: RuleRegistry;
  configFile: string | null;
  /** How the production branch was found: `git config relctl.productionBranch`, origin's default branch, or `main`/`master`. */
  productionBranchFoundBy: 'config' | 'origin-head' | 'default';
  /** The remote the config names but this clone does not have, if so (pushing is then off). */
  missingRemote: string | null;
  backend: GitBackend;
  git: GitPort;
  log: AuditLogPort;
  /** Commits of the audit log this command left out as not relctl events (each warned about once); `relctl doctor` reports them. */
  logSkipped: Map<string, SkippedAuditRecord>;
  release: ReleasePort;
  remote: RemotePort | null;
  /** Set when read commands and dry runs read only this clone's refs, no fetch first: who said so (see readOffline). */
  offline: OfflineSource;
  store: RunStateStore;
  identity: Identity;
  actor: string;
  /** The git signing key approvals and recorded resolutions are signed with (`null`: none set). */
  signingKey: SigningKey | null;
  /** Sign a commit with {@link CliContext.signingKey} (as it is when there is none). */
  sign(commit: CommitData): Promise<CommitData>;
  /** Options for the runner (identity, clock, tag prefix). */
  runOptions: RunOptions;
  /** How long a writing command keeps retrying after losing a push race (`push.retrySeconds`, `RELCTL_RETRY_SECONDS`), in milliseconds. */
  retryBudgetMs: number;
  /** `--json`: progress notes (the retry waits) stay off stderr. */
  quiet: boolean;
  /** Report an {@link EngineEvent} to the listener the context was opened with. */
  emit(event: EngineEvent): void;
  /** Release long-lived resources (the system backend's `git cat-file` process). */
  close(): void;
}

/**
 * Options of {@link openContext}.
 *
 * @example
 * ```ts
 * const options: OpenContextOptions = { io, cwd: 'services/shop', json: true, onEvent: (event) => log(event) };
 * ```
 */
export interface OpenContextOptions<I extends Io = Io> {
  io: I;
  cwd?: string;
  config?: string;
  /** `--offline`. */
  offline?: boolean;
  /** `--json`: no progress notes. */
  json?: boolean;
  /**
   * A config in the checkout that is not the production branch's: `refuse` it (default), or
   * `ignore` it with a note (finishing a run relctl started in the worktree on a request branch).
   */
  worktreeConfig?: 'refuse' | 'ignore';
  /** Where the context's {@link EngineEvent}s go (none given: nowhere). */
  onEvent?: EngineEventListener;
}

/**
 * Open the repository, read and validate the config of the current checkout, and wire the
 * adapters. The git backend comes from `git.backend` in the config (`auto`: the system `git`
 * when one is installed, else isomorphic-git), overridable with `RELCTL_GIT_BACKEND`. This is
 * {@link openSession} for a front end that brings its own {@link Io} (the CLI: its working
 * directory, environment, clock and terminal).
 *
 * @example
 * ```ts
 * const session = await openContext({ io: { cwd: process.cwd(), env: process.env, now: Date.now }, onEvent: print });
 * try {
 *   await promote({ session, requestIds: ['A'], to: 'test' });
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function openContext<I extends Io>(options: OpenContextOptions<I>): Promise<CliContext<I>> {
  const { io } = options;
  const emit: EngineEventListener = options.onEvent ?? (() => {});
  const cwd = resolve(io.cwd, options.cwd ?? '.');
  const repo = await openRepository({ cwd });
  const root = repo.dir ?? repo.gitdir;
  const loaded = await loadConfig({
    repo,
    git: createIsomorphicGitPort({ repo }),
    cwd,
    root,
    ...(options.config ? { file: resolve(cwd, options.config) } : {}),
    worktree: options.worktreeConfig ?? 'refuse',
    env: io.env,
    note: (message) => emit({ type: 'progress', message }),
  });
  // Without `environments` the defaults apply, releasing on the production branch found (`master` in an older service).
  const validated = assertValidConfig({ input: loaded.raw, customRules: Object.keys(loaded.customRules), productionBranch: loaded.productionBranch });
  const release = validated.policy.environments.find((env) => env.kind === 'release');
  if (loaded.source === 'production' && release !== undefined && release.branch !== loaded.productionBranch) {
    throw new ConfigError(
      `The config committed on ${loaded.productionBranch} names "${release.branch}" as the production branch; relctl reads its policy from the production branch itself: run "git config relctl.productionBranch ${release.branch}" in this clone.`,
      { productionBranch: loaded.productionBranch, configured: release.branch },
    );
  }
  // @relctl/deploy (and its validator) loads only for a config with deploy settings.
  if (validated.policy.environments.some((env) => env.deploy !== undefined)) {
    (await import('../deploy/assert-valid-deploy-config.js')).assertValidDeployConfig(validated.policy);
  }
  // A configured remote that this clone does not have (a local-only repository) means: do not push.
  const url = validated.policy.remote === null ? undefined : remoteUrl(repo.commonDir, validated.policy.remote);
  const remoteMissing = validated.policy.remote !== null && url === undefined;
  const policy: Policy = remoteMissing ? { ...validated.policy, remote: null } : validated.policy;
  const backend = chooseBackend(loaded.raw, io.env, remoteMissing ? null : (url ?? null));
  // Merges are remembered by commit: an attempt that lost a push race redoes only those on commits that moved.
  const git = reuseMerges(backend === 'system' ? createSystemGitPort({ cwd: root }) : createIsomorphicGitPort({ repo }));
  const identity = readIdentity({ commonDir: repo.commonDir, env: io.env });
  const actor = formatActor(identity);
  const signingKey = readSigningKey({ commonDir: repo.commonDir, env: io.env });
  const sign = async (commit: CommitData): Promise<CommitData> => (signingKey === null ? commit : signedCommit({ commit, signingKey, env: io.env }));
  const remote = policy.remote ? (backend === 'system' ? createSystemRemote({ cwd: root, env: io.env }) : createIsomorphicRemote({ repo, env: io.env })) : null;
  const logSkipped = new Map<string, SkippedAuditRecord>();
  return {
    io,
    repo,
    root,
    policy,
    customRules: loaded.customRules,
    configFile: loaded.filepath,
    productionBranchFoundBy: loaded.productionBranchFoundBy,
    missingRemote: remoteMissing ? validated.policy.remote : null,
    backend,
    git: withResolutions({ git, repo, policy }),
    // An approval (and a recorded check result) is signed with the recorder's own git signing key: the rule can prove who made it.
    log: openAuditLog({
      git,
      repo,
      warn: (message) => emit({ type: 'warning', message }),
      skipped: logSkipped,
      signEvent: async ({ event, commit }) => (event.type === 'approved' || event.type === 'checked' ? sign(commit) : commit),
    }),
    logSkipped,
    release: lazyReleasePort(git, {
      release: validated.config.release,
      env: io.env,
      remoteUrl: remoteMissing ? null : (url ?? null),
      warn: (message) => emit({ type: 'warning', message }),
    }),
    remote,
    offline: await readOffline({ repo, env: io.env, flag: options.offline === true }),
    store: lazyRunStateStore(join(repo.commonDir, 'relctl')),
    identity,
    actor,
    signingKey,
    sign,
    runOptions: { actor, identity, now: io.now, tagPrefix: policy.tagPrefix },
    retryBudgetMs: readRetrySeconds(io.env, validated.config.push.retrySeconds) * 1000,
    quiet: options.json === true,
    emit,
    close: () => (git as GitPort & { close?: () => void }).close?.(),
  };
}

/** The release port of @relctl/release-notes (changesets: slow to load), loaded on first use. */
function lazyReleasePort(git: GitPort, setup: Parameters<typeof releaseSettings>[0]): ReleasePort {
  let port: Promise<ReleasePort> | undefined;
  return {
    async prepare(input) {
      port ??= Promise.all([import('@relctl/release-notes'), releaseSettings(setup)]).then(([{ createReleasePort }, settings]) => createReleasePort({ git, settings }));
      return (await port).prepare(input);
    },
  };
}

/** The runner's file store of run state, loaded on first use (read-only commands never need it). */
function lazyRunStateStore(dir: string): RunStateStore {
  let store: Promise<RunStateStore> | undefined;
  // `RELCTL_FAULT=run-state:write…=ENOSPC` makes a save fail as on a full disk (reliability tests).
  const beforeWrite = (path: string) => injectFault({ point: 'run-state:write', path });
  const open = () => (store ??= import('@relctl/runner').then(({ createFileRunStateStore }) => createFileRunStateStore({ dir, beforeWrite })));
  return {
    loadCurrent: async () => (await open()).loadCurrent(),
    saveCurrent: async (state) => (await open()).saveCurrent(state),
    finishCurrent: async (options) => (await open()).finishCurrent(options),
    loadLast: async () => (await open()).loadLast(),
    clearLast: async () => (await open()).clearLast(),
  };
}

function chooseBackend(raw: Record<string, unknown>, env: Io['env'], url: string | null): GitBackend {
  const configured = env.RELCTL_GIT_BACKEND || ((raw.git as { backend?: string } | undefined)?.backend ?? 'auto');
  const hasGit = configured === 'isomorphic' ? false : gitOnPath(env);
  if (configured === 'system') {
    if (!hasGit) throw new ConfigError('git.backend is "system" but no git binary is on PATH; install git or set git.backend: isomorphic.', {});
    return 'system';
  }
  if (configured === 'isomorphic') return 'isomorphic';
  // auto: the embedded backend (no git binary needed, no process start per operation), except
  // for remotes it cannot reach: isomorphic-git speaks only HTTP(S), so SSH and path remotes
  // go through the system git when there is one.
  const httpRemote = url === null || /^https?:\/\//i.test(url);
  return !httpRemote && hasGit ? 'system' : 'isomorphic';
}

function gitOnPath(env: Io['env']): boolean {
  const names = process.platform === 'win32' ? ['git.exe', 'git.cmd'] : ['git'];
  return (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && names.some((name) => existsSync(join(dir, name))));
}

/** The team's release settings, with GitHub's data for the github changelog style (loaded only when a release is cut). */
async function releaseSettings(setup: {
  release: { changelog: 'auto' | 'git' | 'github' | 'none'; packageTags: boolean };
  env: Io['env'];
  remoteUrl: string | null;
  warn: (text: string) => void;
}): Promise<import('@relctl/release-notes').ReleaseSettings> {
  const { release, env, remoteUrl, warn } = setup;
  const wantsGithub = release.changelog === 'auto' || release.changelog === 'github';
  let github: import('@relctl/release-notes').GithubSource | undefined;
  if (wantsGithub) {
    const { changelogGithubSource } = await import('../github/changelog-github-source.js');
    try {
      github = changelogGithubSource({ env, remoteUrl, warn });
    } catch (error) {
      // A malformed GitHub variable must not stop a release that may not need GitHub at all.
      warn(`${error instanceof Error ? error.message : String(error)} (the changelog links no pull requests)`);
    }
  }
  return { changelog: release.changelog, packageTags: release.packageTags, warn, ...(github ? { github } : {}) };
}
