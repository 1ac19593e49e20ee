import { readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DEPLOY_LOCK_FILE, type DeployLockInfo } from './deploy-lock-file.js';

/**
 * What a deploy root's lock file says, as {@link inspectDeployLock} reads it:
 * - `free`: no lock file;
 * - `held`: a deploy holds it — a live process of this machine, or a process of another machine
 *   (which relctl cannot check);
 * - `hook-running`: the deploy that holds it is gone, but a process of the hook it was running is
 *   still alive (it was killed by SIGKILL and its hook watchdog could not stop the hook);
 * - `stale`: the deploy that holds it is gone (a process of this machine that no longer exists)
 *   and no process of its hook is left;
 * - `unreadable`: the file is empty or not a lock relctl wrote (a deploy killed while taking it,
 *   a full disk, a hand edit). `ageMs` tells a file being written this very moment from one left
 *   behind.
 *
 * @example
 * ```ts
 * const state: DeployLockState = await inspectDeployLock({ root: '/srv/app' });
 * if (state.state === 'stale') console.log(`left by ${state.holder.actor}`);
 * ```
 */
export type DeployLockState =
  | { state: 'free'; file: string }
  | { state: 'held'; file: string; holder: DeployLockInfo; content: string; local: boolean }
  | { state: 'hook-running'; file: string; holder: DeployLockInfo & { hook: NonNullable<DeployLockInfo['hook']> }; content: string }
  | { state: 'stale'; file: string; holder: DeployLockInfo; content: string }
  | { state: 'unreadable'; file: string; reason: 'empty' | 'garbled'; content: string; ageMs: number; mtime: number };

/**
 * Options of {@link inspectDeployLock}.
 *
 * @example
 * ```ts
 * await inspectDeployLock({ root: '/srv/app', alive: (pid) => pid === 4242 });
 * ```
 */
export interface InspectDeployLockOptions {
  /** Deploy root (`settings.path`, resolved). */
  root: string;
  /** Whether a process runs; default `process.kill(pid, 0)`, a zombie counting as gone. */
  alive?: (pid: number) => boolean;
  /** Whether any process of a group runs; default `process.kill(-pgid, 0)`, zombies aside. */
  groupAlive?: (pgid: number) => boolean;
  /** Clock. Default `Date.now`. */
  now?: () => number;
}

const signalZero = (target: number): boolean => {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};

/** State and process group of a process from `/proc/<pid>/stat` (Linux), or `null`. */
function procStat(pid: string): { state: string; pgrp: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', pgrp: Number(fields[2]) };
  } catch {
    return null;
  }
}

/**
 * Whether a process runs. A zombie (dead, not yet reaped: in a container whose init does not
 * reap orphans it may stay forever) counts as gone.
 */
function processAlive(pid: number): boolean {
  if (!signalZero(pid)) return false;
  const stat = procStat(String(pid));
  return stat === null || stat.state !== 'Z';
}

/** Whether any process of group `pgid` runs, zombies aside (read from `/proc` where there is one). */
function groupAlive(pgid: number): boolean {
  if (!signalZero(-pgid)) return false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return true;
  }
  return pids.some((pid) => {
    const stat = procStat(pid);
    return stat !== null && stat.pgrp === pgid && stat.state !== 'Z';
  });
}

function parseHolder(content: string): DeployLockInfo | null {
  try {
    const value = JSON.parse(content) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const holder = value as Partial<DeployLockInfo>;
    if (typeof holder.token !== 'string' || typeof holder.host !== 'string' || !Number.isInteger(holder.pid) || (holder.pid as number) <= 0) return null;
    return {
      ...(holder as DeployLockInfo),
      actor: String(holder.actor ?? 'someone'),
      env: String(holder.env ?? '?'),
      sha: String(holder.sha ?? ''),
      since: String(holder.since ?? '?'),
    };
  } catch {
    return null;
  }
}

/**
 * Read a deploy root's lock file (`<root>/.relctl-deploy.lock`) and say what it means, without
 * changing anything. A lock of a process of this machine that is gone is `stale` only when the
 * process group of the hook it recorded is gone too: never take over a lock while its hooks run.
 *
 * @example
 * ```ts
 * const state = await inspectDeployLock({ root: '/srv/app' });
 * if (state.state !== 'free') throw deployLockRefusal({ root: '/srv/app', state });
 * ```
 */
export async function inspectDeployLock(options: InspectDeployLockOptions): Promise<DeployLockState> {
  const file = join(options.root, DEPLOY_LOCK_FILE);
  let content: string;
  let mtime: number;
  try {
    [content, mtime] = await Promise.all([readFile(file, 'utf8'), stat(file).then((info) => info.mtimeMs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'free', file };
    throw error;
  }
  const holder = parseHolder(content);
  if (holder === null) {
    const now = (options.now ?? Date.now)();
    return { state: 'unreadable', file, reason: content.trim() === '' ? 'empty' : 'garbled', content, ageMs: Math.max(0, now - mtime), mtime };
  }
  if (holder.host !== hostname()) return { state: 'held', file, holder, content, local: false };
  if ((options.alive ?? processAlive)(holder.pid)) return { state: 'held', file, holder, content, local: true };
  const hook = holder.hook;
  if (hook !== undefined && Number.isInteger(hook.pgid) && hook.pgid > 1 && (options.groupAlive ?? groupAlive)(hook.pgid)) {
    return { state: 'hook-running', file, holder: { ...holder, hook }, content };
  }
  return { state: 'stale', file, holder, content };
}
