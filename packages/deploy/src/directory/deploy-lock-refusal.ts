import { StateError } from '@relctl/core';
import type { DeployLockState } from './inspect-deploy-lock.js';

/**
 * Options of {@link deployLockRefusal}.
 *
 * @example
 * ```ts
 * deployLockRefusal({ root: '/srv/app', state, force: false });
 * ```
 */
export interface DeployLockRefusalOptions {
  /** Deploy root (`settings.path`, resolved). */
  root: string;
  /** What the lock file says; not `free`. */
  state: Exclude<DeployLockState, { state: 'free' }>;
  /** `--force` was given: then only a live deploy or a running hook is refused. */
  force?: boolean;
}

const short = (sha: string): string => sha.slice(0, 12);

/**
 * The one-line `StateError` that refuses a deploy because of the deploy root's lock file: who
 * holds it (or that it is empty or unreadable), whether that deploy and its hook still run, and
 * what to do — wait, stop the hook's process group, or pass `--force --reason` to remove a lock
 * left by a deploy that is gone. `data` carries the file, the state and the holder.
 *
 * @example
 * ```ts
 * const state = await inspectDeployLock({ root });
 * if (state.state === 'held') throw deployLockRefusal({ root, state });
 * ```
 */
export function deployLockRefusal(options: DeployLockRefusalOptions): StateError {
  const { root, state } = options;
  const file = state.file;
  const data = {
    lockFile: file,
    state: state.state,
    ...('holder' in state
      ? { holder: { actor: state.holder.actor, env: state.holder.env, sha: state.holder.sha, since: state.holder.since, pid: state.holder.pid, host: state.holder.host } }
      : {}),
  };
  switch (state.state) {
    case 'held': {
      const { holder } = state;
      const who = `${holder.actor} (deploying ${holder.env} ${short(holder.sha)} since ${holder.since}, pid ${holder.pid} on ${holder.host})`;
      const fix = state.local
        ? 'wait for it to finish and deploy again (--wait <seconds> waits for it)'
        : `wait for it to finish and deploy again, or delete ${file} if no deploy is running on ${holder.host} (relctl cannot check a process of another machine)`;
      return new StateError(`${root} is being deployed by ${who}; ${fix}.`, data);
    }
    case 'hook-running': {
      const { holder } = state;
      return new StateError(
        `${root} is locked by ${holder.actor}'s deploy of ${holder.env} ${short(holder.sha)} (pid ${holder.pid} on ${holder.host}), which is gone, but its ${holder.hook.step} hook (process group ${holder.hook.pgid}, since ${holder.hook.since}) is still running; wait for it to end or stop it ("kill -TERM -- -${holder.hook.pgid}"), then deploy again with --force --reason "…".`,
        { ...data, pgid: holder.hook.pgid },
      );
    }
    case 'stale': {
      const { holder } = state;
      return new StateError(
        `${root} is locked by ${holder.actor}'s deploy of ${holder.env} ${short(holder.sha)} (since ${holder.since}, pid ${holder.pid} on ${holder.host}), which is gone; pass --force --reason "…" to remove ${file} and deploy.`,
        data,
      );
    }
    case 'unreadable': {
      const written = new Date(state.mtime).toISOString();
      const what =
        state.reason === 'empty'
          ? `${file} is empty (written ${written}: a deploy was killed while taking the lock, or the disk was full)`
          : `${file} cannot be read as a relctl deploy lock (${Buffer.byteLength(state.content)} bytes, written ${written})`;
      return new StateError(`${what}; if no deploy is running in ${root}, pass --force --reason "…" to remove it and deploy.`, { ...data, reason: state.reason });
    }
  }
}
