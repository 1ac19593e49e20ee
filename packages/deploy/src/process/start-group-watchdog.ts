import { spawn } from 'node:child_process';

/**
 * Options of {@link startGroupWatchdog}.
 *
 * @example
 * ```ts
 * const watchdog = startGroupWatchdog({ pgid: child.pid!, graceMs: 2_000 });
 * ```
 */
export interface StartGroupWatchdogOptions {
  /** The process group to stop when this process dies (a deploy hook's group, `detached` leader's pid). */
  pgid: number;
  /** Between SIGTERM and SIGKILL. */
  graceMs: number;
}

/**
 * A started watchdog; {@link GroupWatchdog.disarm} when the group ended (or was stopped) normally.
 *
 * @example
 * ```ts
 * const watchdog: GroupWatchdog = startGroupWatchdog({ pgid, graceMs: 2_000 });
 * child.on('exit', () => watchdog.disarm());
 * ```
 */
export interface GroupWatchdog {
  /** Let the watchdog exit without touching the group. */
  disarm(): void;
}

// The watchdog, run as `node -e`: it reads its stdin, a pipe whose only writer is relctl. When
// relctl dies in any way, even by SIGKILL, the kernel closes that pipe; without the word "done"
// first, the watchdog stops the group: SIGTERM, then SIGKILL after the grace.
const WATCHDOG = `
const pgid = Number(process.argv[1]);
const grace = Number(process.argv[2]);
let done = false;
const alive = () => { try { process.kill(-pgid, 0); return true; } catch (e) { return e.code !== 'ESRCH'; } };
const stop = () => {
  if (done) process.exit(0);
  try { process.kill(-pgid, 'SIGTERM'); } catch { process.exit(0); }
  const until = Date.now() + grace;
  const poll = setInterval(() => {
    if (!alive()) process.exit(0);
    if (Date.now() >= until) { try { process.kill(-pgid, 'SIGKILL'); } catch {} process.exit(0); }
  }, 50);
};
process.stdin.on('data', (chunk) => { if (String(chunk).includes('done')) done = true; });
process.stdin.on('end', stop);
process.stdin.on('error', stop);
`;

/**
 * Make sure a deploy hook's process group does not outlive relctl: start a tiny watchdog process
 * (node, in its own session, so a terminal's Ctrl-C or hang-up does not reach it) that holds the
 * read end of a pipe from this process. A normal end disarms it; when this process dies — even
 * by SIGKILL, which no handler sees — the pipe closes and the watchdog stops the whole group
 * (SIGTERM, then SIGKILL after `graceMs`). Best effort: if the watchdog cannot start, the group
 * is still recorded in the deploy lock, and a takeover refuses while it runs.
 *
 * @example
 * ```ts
 * const child = spawn('sh', ['-c', './migrate.sh'], { detached: true });
 * const watchdog = startGroupWatchdog({ pgid: child.pid!, graceMs: 2_000 });
 * child.on('exit', () => watchdog.disarm());
 * ```
 */
export function startGroupWatchdog(options: StartGroupWatchdogOptions): GroupWatchdog {
  let watchdog: ReturnType<typeof spawn>;
  try {
    watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(options.pgid), String(options.graceMs)], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...process.env, NODE_OPTIONS: '' },
      windowsHide: true,
    });
  } catch {
    return { disarm: () => undefined };
  }
  watchdog.on('error', () => undefined);
  watchdog.stdin?.on('error', () => undefined);
  // Neither the watchdog nor its pipe keeps relctl running.
  watchdog.unref();
  (watchdog.stdin as { unref?: () => void } | null)?.unref?.();
  let disarmed = false;
  return {
    disarm() {
      if (disarmed) return;
      disarmed = true;
      watchdog.stdin?.end('done\n');
    },
  };
}
