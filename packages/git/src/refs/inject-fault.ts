/**
 * Called at each fault point of a transaction; a test may throw {@link InjectedFault} to simulate a crash.
 *
 * @example
 * ```ts
 * const hook: FaultHook = (point) => { if (point === 'tx:after-journal') throw new InjectedFault(point); };
 * await updateRefs({ repo, updates, message: 'test', faultHook: hook });
 * ```
 */
export type FaultHook = (point: string) => void | Promise<void>;

/**
 * Options of {@link injectFault}.
 *
 * @example
 * ```ts
 * const options: InjectFaultOptions = { point: 'object:before-rename', path: '.git/objects/ab/cdef…' };
 * await injectFault(options);
 * ```
 */
export interface InjectFaultOptions {
  /** E.g. `tx:after-journal`, `tx:after-rename:1`, `object:after-partial-write`. */
  point: string;
  hook?: FaultHook | undefined;
  /** The file being written at this point, named by an injected errno fault (see {@link injectFault}). */
  path?: string | undefined;
}

/** The errno names `RELCTL_FAULT=<point>…=<ERRNO>` can inject: what a full, size-limited, read-only or failing disk gives. */
const ERRNOS: Record<string, { errno: number; text: string }> = {
  ENOSPC: { errno: -28, text: 'no space left on device' },
  EDQUOT: { errno: -122, text: 'disk quota exceeded' },
  EFBIG: { errno: -27, text: 'file too large' },
  EROFS: { errno: -30, text: 'read-only file system' },
  EIO: { errno: -5, text: 'i/o error' },
};

/** How often each point named in `RELCTL_FAULT=<point>#<n>` was reached in this process. */
const reached = new Map<string, number>();

/**
 * A fault point. Calls the in-process `hook` when one is given; and when the environment variable
 * `RELCTL_FAULT` equals `point`, kills the process on the spot with SIGKILL (no cleanup runs), so
 * crash tests can run a real child process. `RELCTL_FAULT=<point>#<n>` kills the n-th time the
 * point is reached (1-based) instead of the first: a command runs several transactions (the
 * push's remote-tracking refs have their own) and writes many objects. A suffix `=<ERRNO>`
 * (`ENOSPC`, `EDQUOT`, `EFBIG`, `EROFS`, `EIO`) makes the point throw that error, shaped as `fs`
 * throws it (`code`, `errno`, `syscall: 'write'`, `path`), instead of killing the process: the
 * write fails as a full, size-limited, read-only or failing disk fails it; `#<n>+=<ERRNO>` fails
 * the n-th time and every later time (a disk stays full until someone frees space). Several
 * specs may be given, separated by commas.
 *
 * Points of a ref transaction: `tx:after-lock`, `tx:after-prepare`, `tx:after-journal`,
 * `tx:after-worktree`, `tx:after-packed-refs`, `tx:after-rename:<n>` (1-based, per moved ref),
 * `tx:before-journal-delete`. Points of a file written into the object database (a loose object,
 * or a pack isomorphic-git fetched): `object:after-create` (temp file created, empty),
 * `object:after-partial-write` (half of it written), `object:before-rename` (complete, not yet
 * in place); the same for a file of a worktree a transaction brings along (`worktree:…`) and for
 * that worktree's index (`index:…`).
 *
 * @example
 * ```ts
 * // RELCTL_FAULT=tx:after-journal node promote.mjs  → dies right after the journal is written
 * // RELCTL_FAULT=object:after-partial-write#3 …     → dies half way through the third object it writes
 * // RELCTL_FAULT=worktree:after-partial-write#1=ENOSPC → the first worktree file fails: disk full
 * await injectFault({ point: 'tx:after-journal', hook });
 * ```
 */
export async function injectFault({ point, hook, path }: InjectFaultOptions): Promise<void> {
  if (hook) await hook(point);
  const wanted = process.env['RELCTL_FAULT'];
  if (!wanted) return;
  for (const spec of wanted.split(',')) {
    const match = /^(.*?)(?:#(\d+)(\+?))?(?:=([A-Z]+))?$/.exec(spec.trim());
    if (!match || match[1] !== point) continue;
    const [, , nth, andLater, errno] = match;
    let hit = true;
    if (nth !== undefined) {
      // Counted per spec, so two specs on one point each count every reach.
      const count = (reached.get(spec) ?? 0) + 1;
      reached.set(spec, count);
      hit = andLater === '+' ? count >= Number(nth) : count === Number(nth);
    }
    if (!hit) continue;
    if (errno === undefined) die();
    throw errnoError(errno, point, path);
  }
}

/** An error shaped like the one `fs` throws for `name` (an unknown name is taken as EIO). */
function errnoError(name: string, point: string, path: string | undefined): Error {
  const code = name in ERRNOS ? name : 'EIO';
  const known = ERRNOS[code] as { errno: number; text: string };
  const error = new Error(`${code}: ${known.text}, write${path ? ` '${path}'` : ''} (injected at ${point})`);
  return Object.assign(error, { code, errno: known.errno, syscall: 'write', ...(path ? { path } : {}) });
}

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  process.exit(137);
}
