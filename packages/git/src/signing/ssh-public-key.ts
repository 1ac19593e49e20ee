import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@relctl/core';
import { runTool } from './run-tool.js';
import type { SigningKey } from './sign-payload.js';

/**
 * The public key (`ssh-ed25519 AAAA…`) of an SSH signing key as git's `user.signingKey` names it:
 * a literal key as it is, a `.pub` file's first line, the `.pub` file beside a private key, or
 * what `ssh-keygen -y` derives from the private key.
 *
 * @throws ConfigError when the key cannot be read.
 * @example
 * ```ts
 * await sshPublicKey({ signingKey: { format: 'ssh', key: '~/.ssh/id_ed25519' }, env: process.env }); // 'ssh-ed25519 AAAAC3Nz… kim'
 * ```
 */
export async function sshPublicKey(options: { signingKey: SigningKey; env: Readonly<Record<string, string | undefined>> }): Promise<string> {
  const { key } = options.signingKey;
  if (key.startsWith('key::')) return key.slice(5).trim();
  if (/^(ssh-|ecdsa-|sk-)/.test(key)) return key.trim();
  const path = key === '~' || key.startsWith('~/') ? join(options.env.HOME ?? homedir(), key.slice(1)) : key;
  for (const file of path.endsWith('.pub') ? [path] : [`${path}.pub`]) {
    if (existsSync(file)) return (readFileSync(file, 'utf8').split('\n')[0] ?? '').trim();
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.env)) if (value !== undefined) env[name] = value;
  const derived = await runTool({ program: 'ssh-keygen', args: ['-y', '-f', path], env });
  if (derived.code !== 0) throw new ConfigError(`Cannot read the public key of user.signingKey ${JSON.stringify(key)}: ${derived.stderr.trim() || 'ssh-keygen failed'}.`, { key });
  return derived.stdout.trim();
}
