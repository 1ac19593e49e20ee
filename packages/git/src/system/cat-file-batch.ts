import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitCommandError } from './git-command-error.js';
import { gitEnv } from './git-env.js';

/** A git object read by {@link CatFileBatch}. */
export interface GitObject {
  oid: string;
  type: 'blob' | 'tree' | 'commit' | 'tag';
  content: Buffer;
}

/** One long-lived `git cat-file --batch` process. */
export interface CatFileBatch {
  /**
   * Read the object `name` resolves to (an id, `ref^{commit}`, `tree-ish:path`, …), or `null`
   * when it does not resolve. Requests are pipelined: many reads may be in flight at once.
   */
  read(name: string): Promise<GitObject | null>;
  /** End the child process; a later `read` starts a new one. */
  close(): void;
}

/** Options of {@link createCatFileBatch}. */
export interface CreateCatFileBatchOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
}

interface Pending {
  name: string;
  resolve(object: GitObject | null): void;
  reject(error: Error): void;
}

const HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) (blob|tree|commit|tag) (\d+)$/;

/**
 * Start (lazily, on the first read) one `git cat-file --batch` child and read objects through
 * it. The child is unreferenced while no read is pending, so it never keeps Node alive; it is
 * restarted if it dies. Call `close()` when done.
 *
 * @example
 * ```ts
 * const batch = createCatFileBatch({ cwd: '/repo' });
 * const head = await batch.read('HEAD^{commit}');
 * batch.close();
 * ```
 */
export function createCatFileBatch(options: CreateCatFileBatchOptions): CatFileBatch {
  let child: ChildProcessWithoutNullStreams | null = null;
  let pending: Pending[] = [];
  let chunks: Buffer[] = [];
  let length = 0;
  let body: { oid: string; type: GitObject['type']; size: number } | null = null;
  let stderr = '';

  function setRef(on: boolean): void {
    if (child) setRefOf(child, on);
  }

  function fail(error: Error): void {
    const waiting = pending;
    pending = [];
    chunks = [];
    length = 0;
    body = null;
    child = null;
    for (const request of waiting) request.reject(error);
  }

  function flatten(): Buffer {
    if (chunks.length !== 1) chunks = [Buffer.concat(chunks, length)];
    return chunks[0] ?? Buffer.alloc(0);
  }

  function rest(buffer: Buffer, from: number): void {
    const remaining = buffer.subarray(from);
    chunks = remaining.length > 0 ? [remaining] : [];
    length = remaining.length;
  }

  function drain(): void {
    for (;;) {
      if (!body) {
        if (length === 0) return;
        const buffer = flatten();
        const newline = buffer.indexOf(10);
        if (newline < 0) return;
        const header = buffer.subarray(0, newline).toString('utf8');
        rest(buffer, newline + 1);
        const match = HEADER.exec(header);
        if (match) {
          body = { oid: match[1]!, type: match[2] as GitObject['type'], size: Number(match[3]) };
          continue;
        }
        const request = pending.shift();
        if (!request) continue;
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) request.resolve(null);
        else request.reject(new GitCommandError(`git cat-file --batch answered "${header}" for ${request.name}`, { args: ['cat-file', '--batch'], exitCode: null, stderr }));
      } else {
        if (length < body.size + 1) return;
        const buffer = flatten();
        const content = Buffer.from(buffer.subarray(0, body.size));
        rest(buffer, body.size + 1);
        const object: GitObject = { oid: body.oid, type: body.type, content };
        body = null;
        pending.shift()?.resolve(object);
      }
      if (pending.length === 0) setRef(false);
    }
  }

  function start(): ChildProcessWithoutNullStreams {
    const started = spawn('git', ['cat-file', '--batch'], {
      cwd: options.cwd,
      env: gitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    stderr = '';
    started.stdout.on('data', (chunk: Buffer) => {
      if (child !== started) return;
      chunks.push(chunk);
      length += chunk.length;
      drain();
    });
    started.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    started.stdin.on('error', () => undefined);
    started.on('error', (error) => {
      if (child === started) {
        fail(
          new GitCommandError(`could not run git cat-file --batch (${error.message}); install git or put it on PATH.`, { args: ['cat-file', '--batch'], exitCode: null, stderr }),
        );
      }
    });
    started.on('exit', (code) => {
      if (child === started) {
        fail(
          new GitCommandError(`git cat-file --batch exited (${code ?? 'signal'}) in ${options.cwd}: ${stderr.trim() || 'no message'}`, {
            args: ['cat-file', '--batch'],
            exitCode: code,
            stderr: stderr.trim(),
          }),
        );
      }
    });
    return started;
  }

  return {
    read(name) {
      if (/[\n\0]/.test(name) || name.length === 0) {
        return Promise.reject(new GitCommandError(`invalid object name ${JSON.stringify(name)}`, { args: ['cat-file', '--batch'], exitCode: null, stderr: '' }));
      }
      return new Promise((resolve, reject) => {
        if (!child) child = start();
        if (pending.length === 0) setRef(true);
        pending.push({ name, resolve, reject });
        child.stdin.write(`${name}\n`);
      });
    },
    close() {
      const closing = child;
      if (!closing) return;
      child = null;
      const waiting = pending;
      pending = [];
      chunks = [];
      length = 0;
      body = null;
      closing.stdin.end();
      setRefOf(closing, false);
      for (const request of waiting)
        request.reject(new GitCommandError('git cat-file --batch was closed while a read was pending', { args: ['cat-file', '--batch'], exitCode: null, stderr: '' }));
    },
  };
}

function setRefOf(child: ChildProcessWithoutNullStreams, on: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as Array<{ ref?(): void; unref?(): void }>) {
    if (on) handle.ref?.();
    else handle.unref?.();
  }
}
