import type { EngineEventListener } from '../events/engine-event.js';
import { openContext, type CliContext } from '../context/open-context.js';

/**
 * An open repository with its validated policy, the git, audit-log, release and remote ports,
 * the run-state store and the actor: what every engine operation takes as `session`. Close it
 * when done (`close()`: the system git backend keeps a `git cat-file` process).
 *
 * @example
 * ```ts
 * const session: Session = await openSession({ cwd: repoDir });
 * try {
 *   console.log(session.policy.remote, session.configFile);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export type Session = CliContext;

/**
 * Options of {@link openSession}.
 *
 * @example
 * ```ts
 * const options: OpenSessionOptions = { cwd: repoDir, env: { PATH: process.env.PATH }, now: () => Date.UTC(2026, 0, 15) };
 * ```
 */
export interface OpenSessionOptions {
  /** A folder in the repository (the worktree root, a subfolder, or a bare repository's git dir). */
  cwd: string;
  /**
   * The environment variables relctl reads (`RELCTL_*`, `GITHUB_*`, `PATH` to find git, the git
   * identity variables). Default: `process.env`; a test passes its own.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock, in epoch milliseconds (audit events and run state are stamped with it). Default: `Date.now`. */
  now?: () => number;
  /** Receives progress, notes and warnings ({@link EngineEvent}); without one they are dropped. */
  onEvent?: EngineEventListener;
  /** A config file to use instead of searching (relative to `cwd`). */
  config?: string;
  /** Read only this clone's refs: no fetch before read-only operations and dry runs. */
  offline?: boolean;
}

/**
 * Open a session on a repository: find and validate the config the production branch holds,
 * choose the git backend, read the identity and signing key, and wire the ports. Time, the
 * environment and the working folder are inputs, never read from the process unless left out.
 *
 * @example
 * ```ts
 * import { openSession, promote } from '@relctl/engine';
 *
 * const session = await openSession({ cwd: '/path/to/repo', onEvent: (event) => console.error(event) });
 * try {
 *   await promote({ session, requestIds: ['A', 'C'], to: 'prod' });
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function openSession(options: OpenSessionOptions): Promise<Session> {
  const onEvent: EngineEventListener = options.onEvent ?? (() => {});
  return openContext({
    io: {
      cwd: options.cwd,
      env: options.env ?? process.env,
      now: options.now ?? (() => Date.now()),
    },
    onEvent,
    ...(options.config === undefined ? {} : { config: options.config }),
    offline: options.offline === true,
  });
}
