import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DEPLOY_LOCK_FILE, type DeployLockHook, type DeployLockInfo } from './deploy-lock-file.js';
import { deployLockRefusal } from './deploy-lock-refusal.js';
import { inspectDeployLock } from './inspect-deploy-lock.js';

/**
 * Options of {@link acquireDeployLock}.
 *
 * @example
 * ```ts
 * const lock = await acquireDeployLock({ root: '/srv/app', actor: 'Ann <ann@example.com>', env: 'prod', sha, waitMs: 30_000, pollMs: 250 });
 * ```
 */
export interface AcquireDeployLockOptions {
  /** Deploy root (`settings.path`, resolved). */
  root: string;
  actor: string;
  env: string;
  sha: string;
  /** How long to wait for another deploy to finish before refusing. Default 0 (refuse at once). */
  waitMs?: number;
  /** Polling interval while waiting. Default 100. */
  pollMs?: number;
  /** Clock, for the lock's `since`. Default `Date.now`. */
  now?: () => number;
}

/**
 * A held deploy lock.
 *
 * @example
 * ```ts
 * const lock: DeployLock = await acquireDeployLock({ root, actor, env: 'prod', sha });
 * try { await switchCurrent({ root, release: '1.4.0' }); } finally { await lock.release(); }
 * ```
 */
export interface DeployLock {
  readonly file: string;
  readonly info: DeployLockInfo;
  /** Record the hook running now (its process group), or `null` when it ended; the file is replaced atomically. */
  recordHook(hook: DeployLockHook | null): Promise<void>;
  /** Remove the lock file if it is still ours. */
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** An unreadable lock file younger than this may be being written right now (the fallback without hard links). */
const WRITING_MS = 2_000;

async function readHolder(file: string): Promise<DeployLockInfo | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DeployLockInfo;
  } catch {
    return null;
  }
}

/** Write `text` into a temporary file beside `file`, then move it into place. */
async function writeAtomically(file: string, text: string, move: (temp: string) => Promise<void>): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode: 0o644 });
  try {
    await move(temp);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Create the lock file holding `text`, or throw `EEXIST`: a complete file is linked into place
 * (`link(2)` fails when the name exists, also on NFS), so no reader ever sees a half-written lock.
 * Where hard links are not supported, `O_EXCL` and a write.
 */
async function createLockFile(file: string, text: string): Promise<void> {
  try {
    await writeAtomically(file, text, (temp) => link(temp, file));
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
  }
  const handle = await open(file, 'wx', 0o644);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/**
 * Take the deploy lock of a deploy root: `<root>/.relctl-deploy.lock`, created atomically with
 * its content so exactly one deploy (in any process on any machine sharing the folder) holds it.
 * While another deploy holds it, or its hook still runs after that deploy was killed, wait up to
 * `waitMs`, then refuse with a `StateError` naming the holder (who, which environment and SHA,
 * since when, which process, which hook). A lock left by a deploy that is gone, and an empty or
 * unreadable lock file, are never taken over silently: refused at once, the message says what
 * was found and that `--force --reason` removes it (`removeAbandonedDeployLock`).
 *
 * @example
 * ```ts
 * const lock = await acquireDeployLock({ root: '/srv/app', actor: 'Ann <ann@example.com>', env: 'prod', sha, waitMs: 30_000 });
 * try {
 *   // deploy
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export async function acquireDeployLock(options: AcquireDeployLockOptions): Promise<DeployLock> {
  const file = join(options.root, DEPLOY_LOCK_FILE);
  const now = options.now ?? Date.now;
  const deadline = now() + (options.waitMs ?? 0);
  const info: DeployLockInfo = {
    actor: options.actor,
    env: options.env,
    sha: options.sha,
    since: new Date(now()).toISOString(),
    pid: process.pid,
    host: hostname(),
    token: randomBytes(12).toString('hex'),
  };
  for (;;) {
    try {
      await createLockFile(file, `${JSON.stringify(info)}\n`);
      return {
        file,
        info,
        async recordHook(hook) {
          const holder = await readHolder(file);
          if (holder?.token !== info.token) return;
          const next: DeployLockInfo = { ...info };
          if (hook !== null) next.hook = hook;
          await writeAtomically(file, `${JSON.stringify(next)}\n`, (temp) => rename(temp, file));
        },
        async release() {
          const holder = await readHolder(file);
          if (holder?.token === info.token) await unlink(file).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const state = await inspectDeployLock({ root: options.root, now });
    if (state.state === 'free') continue;
    const waitable = state.state === 'held' || state.state === 'hook-running' || (state.state === 'unreadable' && state.ageMs < WRITING_MS);
    const until = state.state === 'unreadable' ? Math.max(deadline, state.mtime + WRITING_MS) : deadline;
    if (!waitable || now() >= until) throw deployLockRefusal({ root: options.root, state });
    await sleep(Math.min(options.pollMs ?? 100, Math.max(1, until - now())));
  }
}
