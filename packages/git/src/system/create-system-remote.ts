import { NotFoundError, RemoteRaceError, StateError, UsageError, type PushUpdate, type RemotePort } from '@relctl/core';
import { runGit, type RunGitResult } from './run-git.js';

/**
 * Options of {@link createSystemRemote}.
 *
 * @example
 * ```ts
 * const remote = createSystemRemote({ cwd: '/work/app', env: process.env });
 * ```
 */
export interface CreateSystemRemoteOptions {
  /** A folder inside the repository. */
  cwd: string;
  /** Extra environment for git (e.g. `GIT_SSH_COMMAND`); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

/**
 * What the runner reads after {@link createSystemRemote}'s `fetch(remote)`.
 *
 * @example
 * ```ts
 * const remote: SystemRemote = createSystemRemote({ cwd });
 * await remote.fetch('origin');
 * remote.trackingRef('origin', 'refs/heads/main'); // 'refs/remotes/origin/main'
 * ```
 */
export interface SystemRemote extends RemotePort {
  /**
   * Where `fetch` puts a remote ref: `refs/heads/<b>` → `refs/remotes/<remote>/<b>`,
   * `refs/relctl/<x>` → `refs/remotes/<remote>/relctl/<x>`, `refs/tags/<t>` → `refs/tags/<t>`;
   * `null` for refs relctl does not fetch.
   */
  trackingRef(remote: string, ref: string): string | null;
}

const RACE = /stale info|fetch first|non-fast-forward|already exists|would clobber|failed to (update|lock) ref|cannot lock ref|incorrect old value|is at [0-9a-f]+ but expected/i;
const AUTH =
  /authentication failed|could not read (username|password)|terminal prompts disabled|permission denied \(publickey|access denied|returned error: 40[13]|invalid credentials|invalid username or password|repository not found|bad credentials/i;

/**
 * Fetch and push with the system `git` (SSH and HTTPS remotes, credential helpers as configured).
 *
 * `fetch(remote)` runs one `git fetch --prune --tags --force <remote>
 * +refs/heads/*:refs/remotes/<remote>/* +refs/relctl/*:refs/remotes/<remote>/relctl/*`: branches
 * and the audit log land in remote-tracking refs (pruned when gone on the remote; the runner
 * reads leases from them), tags land in `refs/tags/*` (the remote wins a clash; local-only tags
 * are kept, never pruned).
 *
 * `push(remote, updates)` runs one `git push --atomic --porcelain` with
 * `--force-with-lease=<ref>:<lease>` per ref (empty lease = must be absent), so nothing moves
 * unless every lease holds. A stale lease or a non-fast-forward throws `RemoteRaceError`
 * (`data.refs`; retry after fetching); a ref the remote's rules refuse throws `StateError`
 * (`data.refused: true`: nothing moved); a remote that does not answer throws `StateError`
 * (`data.reason: 'unreachable'`); an
 * authentication failure throws `StateError` (`data.reason: 'auth'`). Messages never contain
 * credentials. After a successful push the matching remote-tracking refs are set to what was pushed.
 *
 * @example
 * ```ts
 * const remote = createSystemRemote({ cwd: process.cwd() });
 * await remote.fetch('origin');
 * const lease = await git.readRef('refs/remotes/origin/main');
 * await remote.push('origin', [{ ref: 'refs/heads/main', lease, next: newTip }]);
 * ```
 */
export function createSystemRemote(options: CreateSystemRemoteOptions): SystemRemote {
  const { cwd, env } = options;

  const trackingRef = (remote: string, ref: string): string | null => {
    if (ref.startsWith('refs/heads/')) return `refs/remotes/${remote}/${ref.slice('refs/heads/'.length)}`;
    if (ref.startsWith('refs/relctl/')) return `refs/remotes/${remote}/relctl/${ref.slice('refs/relctl/'.length)}`;
    if (ref.startsWith('refs/tags/')) return ref;
    return null;
  };

  return {
    trackingRef,

    async fetch(remote) {
      checkRemote(remote);
      const result = await runGit({
        cwd,
        args: ['fetch', '--prune', '--tags', '--force', '--quiet', remote, `+refs/heads/*:refs/remotes/${remote}/*`, `+refs/relctl/*:refs/remotes/${remote}/relctl/*`],
        env,
        okExitCodes: [0, 1, 128],
      });
      if (result.exitCode !== 0) throw remoteFailure('fetch from', remote, result);
    },

    async push(remote, updates) {
      checkRemote(remote);
      if (updates.length === 0) return;
      const args = ['push', '--atomic', '--porcelain', remote];
      const refspecs: string[] = [];
      for (const update of updates) {
        checkUpdate(update);
        args.push(`--force-with-lease=${update.ref}:${update.lease ?? ''}`);
        refspecs.push(update.next === null ? `:${update.ref}` : `${update.next}:${update.ref}`);
      }
      const result = await runGit({ cwd, args: [...args, ...refspecs], env, okExitCodes: [0, 1, 128] });
      if (result.exitCode === 0) {
        const lines = updates
          .map((update) => ({ tracking: trackingRef(remote, update.ref), next: update.next }))
          .filter((entry) => entry.tracking !== null && !entry.tracking.startsWith('refs/tags/'))
          .map((entry) => (entry.next === null ? `delete ${entry.tracking}` : `update ${entry.tracking} ${entry.next}`));
        if (lines.length > 0) {
          await runGit({ cwd, args: ['update-ref', '-m', `relctl: pushed to ${remote}`, '--stdin'], input: `${lines.join('\n')}\n`, env, okExitCodes: [0, 1, 128] });
        }
        return;
      }
      const rejected = parsePorcelain(result.stdout.toString('utf8'));
      const raced = rejected.filter((entry) => RACE.test(entry.reason));
      if (raced.length > 0) {
        const refs = raced.map((entry) => entry.ref);
        throw new RemoteRaceError(`${remote} moved ${refs.join(', ')} since the last fetch (${raced[0]!.reason}); nothing was pushed — fetch and retry.`, {
          remote,
          refs,
          rejected,
        });
      }
      const refused = rejected.find((entry) => /hook declined|declined|protected|denied/i.test(entry.reason));
      if (refused) {
        throw new StateError(`${remote} refused ${refused.ref} (${refused.reason}); nothing was pushed — check the remote's branch protection and hooks.`, {
          remote,
          ref: refused.ref,
          rejected,
          refused: true,
        });
      }
      if (rejected.length > 0) {
        // An unspecific refusal ("atomic transaction failed"): a race if any lease no longer holds.
        const moved = await movedRefs(cwd, env, remote, updates);
        if (moved.length > 0) {
          throw new RemoteRaceError(`${remote} moved ${moved.join(', ')} while we pushed (${rejected[0]!.reason}); nothing was pushed — fetch and retry.`, {
            remote,
            refs: moved,
            rejected,
          });
        }
        throw new StateError(`${remote} refused ${rejected[0]!.ref} (${rejected[0]!.reason}); nothing was pushed — check the remote, then retry.`, {
          remote,
          ref: rejected[0]!.ref,
          rejected,
          refused: true,
        });
      }
      throw remoteFailure('push to', remote, result);
    },
  };
}

function checkRemote(remote: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._/-]*$/.test(remote) || remote.includes('..') || remote.endsWith('/')) {
    throw new UsageError(`invalid remote name ${JSON.stringify(remote.replace(/\/\/[^@/]*@/, '//***@'))}; pass a configured remote such as "origin" (see git remote -v).`, {});
  }
}

function checkUpdate(update: PushUpdate): void {
  if (!/^refs\/[^\s:~^?*[\\]+$/.test(update.ref)) {
    throw new UsageError(`cannot push ${JSON.stringify(update.ref)}: pass a full ref name under refs/.`, { ref: update.ref });
  }
  for (const value of [update.lease, update.next]) {
    if (value !== null && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(value)) {
      throw new UsageError(`invalid object id ${JSON.stringify(value)} for ${update.ref}; pass a full hexadecimal id.`, { ref: update.ref });
    }
  }
}

interface Rejection {
  ref: string;
  reason: string;
}

function parsePorcelain(stdout: string): Rejection[] {
  const rejected: Rejection[] = [];
  for (const line of stdout.split('\n')) {
    const [flag, spec, summary] = line.split('\t');
    if (flag !== '!' || spec === undefined) continue;
    const colon = spec.lastIndexOf(':');
    rejected.push({
      ref: spec.slice(colon + 1),
      reason:
        (summary ?? '')
          .replace(/^\[rejected\]\s*/, '')
          .replace(/^\((.*)\)$/, '$1')
          .trim() || 'rejected',
    });
  }
  return rejected;
}

/** The refs whose value on the remote is no longer their lease. */
async function movedRefs(cwd: string, env: Record<string, string | undefined> | undefined, remote: string, updates: PushUpdate[]): Promise<string[]> {
  const result = await runGit({ cwd, args: ['ls-remote', remote, ...updates.map((update) => update.ref)], env, okExitCodes: [0, 2, 128] });
  if (result.exitCode === 128) return [];
  const now = new Map<string, string>();
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const [sha, ref] = line.split('\t');
    if (sha && ref) now.set(ref, sha);
  }
  return updates.filter((update) => (now.get(update.ref) ?? null) !== update.lease).map((update) => update.ref);
}

function remoteFailure(action: string, remote: string, result: RunGitResult): Error {
  const lines = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  // ssh names the cause ("connect to host … Connection refused") before git's generic "fatal:" line.
  const reason = lines.find((line) => /^ssh:/i.test(line)) ?? lines.find((line) => /^(fatal|error|remote):/i.test(line)) ?? lines[0] ?? `exit ${result.exitCode}`;
  if (AUTH.test(result.stderr)) {
    return new StateError(`cannot authenticate to ${remote} (${reason}); check your credentials (token, credential helper or SSH key), then retry.`, {
      remote,
      reason: 'auth',
    });
  }
  if (/does not appear to be a git repository|no such remote/i.test(result.stderr)) {
    return new NotFoundError(`remote ${remote} is not configured or not reachable (${reason}); check "git remote -v".`, { remote });
  }
  // The network, the server or the URL — outside relctl, like the isomorphic backend's "could not push": exit 2, not a bug.
  return new StateError(`could not ${action} ${remote}: ${reason}; check the URL, the network and the server, then retry.`, {
    remote,
    reason: 'unreachable',
    exitCode: result.exitCode,
    stderr: result.stderr.trim(),
  });
}
