import { spawn } from 'node:child_process';

/** What a tool run returned. */
export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run a program (`ssh-keygen`, `gpg`) with `input` on stdin and collect its output; never
 * through a shell. A program that cannot start resolves with code 127 and the reason on stderr.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runTool({ program: 'ssh-keygen', args: ['-Y', 'sign', '-n', 'git', '-f', key], input: payload, env });
 * ```
 */
export function runTool(options: { program: string; args: string[]; input?: Uint8Array | string; env: Record<string, string>; timeoutMs?: number }): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = spawn(options.program, options.args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => resolve({ code: 127, stdout: '', stderr: error.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
