import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@relctl/core';
import { runTool } from './run-tool.js';

/**
 * The key to sign with, as git's config names it: `gpg.format` and `user.signingKey`.
 *
 * @example
 * ```ts
 * const key: SigningKey = { format: 'ssh', key: '~/.ssh/id_ed25519.pub' };
 * ```
 */
export interface SigningKey {
  /** `ssh` (signed with `ssh-keygen -Y sign`) or `openpgp` (signed with `gpg`). */
  format: 'ssh' | 'openpgp';
  /**
   * ssh: a key file (private, or public with the private key beside it or in the agent), or a
   * literal public key (`ssh-ed25519 AAAA…` or `key::…`, its private key in the agent).
   * openpgp: a key id, fingerprint or user id.
   */
  key: string;
}

/**
 * Options of {@link signPayload}.
 *
 * @example
 * ```ts
 * const signature = await signPayload({ signingKey, payload: commitBytes, env: process.env });
 * ```
 */
export interface SignPayloadOptions {
  signingKey: SigningKey;
  payload: Uint8Array;
  /** The environment of the signing program (`SSH_AUTH_SOCK`, `GNUPGHOME`, `HOME`, `PATH`). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Sign bytes the way `git commit -S` does, and return the armored signature: SSH signatures with
 * `ssh-keygen -Y sign -n git`, OpenPGP ones with `gpg -bsau <key>`. The programs are the ones on
 * `PATH`, never `gpg.program` or `gpg.ssh.program` from a repository's config.
 *
 * @throws ConfigError naming the key and the program's reason when signing fails.
 * @example
 * ```ts
 * const signature = await signPayload({ signingKey: { format: 'ssh', key: '/home/kim/.ssh/id_ed25519' }, payload, env: process.env });
 * // '-----BEGIN SSH SIGNATURE-----\n…\n-----END SSH SIGNATURE-----\n'
 * ```
 */
export async function signPayload(options: SignPayloadOptions): Promise<string> {
  const { signingKey, payload } = options;
  const env = cleanEnv(options.env);
  if (signingKey.format === 'openpgp') {
    const result = await runTool({ program: 'gpg', args: ['--status-fd=2', '--batch', '-bsau', signingKey.key], input: payload, env });
    if (result.code !== 0 || !result.stderr.includes('[GNUPG:] SIG_CREATED ')) throw failure('gpg', signingKey, result.stderr);
    return result.stdout;
  }
  const literal = signingKey.key.startsWith('key::') ? signingKey.key.slice(5) : /^(ssh-|ecdsa-|sk-)/.test(signingKey.key) ? signingKey.key : null;
  const dir = literal === null ? null : mkdtempSync(join(tmpdir(), 'relctl-sign-'));
  try {
    let keyFile = literal === null ? expandHome(signingKey.key, env) : join(dir as string, 'key.pub');
    if (literal !== null) writeFileSync(keyFile, `${literal.trim()}\n`, { mode: 0o600 });
    else keyFile = expandHome(keyFile, env);
    const args = ['-Y', 'sign', '-n', 'git', '-f', keyFile, ...(literal === null ? [] : ['-U'])];
    const result = await runTool({ program: 'ssh-keygen', args, input: payload, env });
    if (result.code !== 0 || !result.stdout.includes('-----BEGIN SSH SIGNATURE-----')) throw failure('ssh-keygen', signingKey, result.stderr);
    return result.stdout;
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}

function expandHome(path: string, env: Record<string, string>): string {
  return path === '~' || path.startsWith('~/') ? join(env.HOME ?? homedir(), path.slice(1)) : path;
}

function cleanEnv(env: SignPayloadOptions['env']): Record<string, string> {
  const clean: Record<string, string> = { LC_ALL: 'C' };
  for (const [key, value] of Object.entries(env)) if (value !== undefined && key !== 'LC_ALL') clean[key] = value;
  return clean;
}

function failure(program: string, signingKey: SigningKey, stderr: string): ConfigError {
  const reason = stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('[GNUPG:]') && !/^Signing (data|file)/.test(line))
    .join(' ')
    .trim();
  return new ConfigError(
    `Could not sign with ${program} using user.signingKey ${JSON.stringify(signingKey.key)} (gpg.format ${signingKey.format})${reason ? `: ${reason}` : ''}; check the key (and ssh-agent or gpg-agent), or unset user.signingKey.`,
    { program, format: signingKey.format },
  );
}
