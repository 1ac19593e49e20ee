import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignatureCheck } from '@relctl/core';
import { readGitObject } from '../isomorphic/read-git-object.js';
import type { Repository } from '../repo/repository.js';
import { runTool } from './run-tool.js';
import { splitCommitSignature } from './split-commit-signature.js';

/**
 * Options of {@link verifyCommitSignature}.
 *
 * @example
 * ```ts
 * const check = await verifyCommitSignature({ repo, commit: event.id, allowedSigners: text });
 * ```
 */
export interface VerifyCommitSignatureOptions {
  repo: Repository;
  commit: string;
  /** The allowed-signers file's text (from the production branch), or `null` when there is none. */
  allowedSigners: string | null;
}

/** Checks already made in this process: a commit and an allowed-signers file give one answer. */
const checked = new Map<string, SignatureCheck>();

/**
 * Check a commit's signature the way `git verify-commit` does with `gpg.format ssh`, against the
 * given allowed-signers text only: `ssh-keygen -Y find-principals` names the principal whose key
 * made the signature, `ssh-keygen -Y verify -n git` proves it, at the commit's committer time (so
 * `valid-after` / `valid-before` apply as git applies them). Nothing of the repository's or the
 * user's configuration is read: the program is `ssh-keygen` on `PATH`, run with `PATH` and
 * `LC_ALL` only. OpenPGP signatures are reported as `unsupported` (the allowed-signers file names
 * SSH keys; see the security guide).
 *
 * @example
 * ```ts
 * await verifyCommitSignature({ repo, commit, allowedSigners: 'kim@example.com ssh-ed25519 AAAA…\n' });
 * // { status: 'verified', signer: 'kim@example.com' }
 * ```
 */
export async function verifyCommitSignature(options: VerifyCommitSignatureOptions): Promise<SignatureCheck> {
  const key = `${options.commit}\0${createHash('sha1')
    .update(options.allowedSigners ?? '')
    .digest('hex')}`;
  const known = checked.get(key);
  if (known !== undefined) return known;
  const result = await check(options);
  checked.set(key, result);
  return result;
}

async function check(options: VerifyCommitSignatureOptions): Promise<SignatureCheck> {
  let data: Buffer;
  try {
    const object = await readGitObject({ repo: options.repo, oid: options.commit });
    if (object.type !== 'commit') return { status: 'invalid', reason: `${options.commit.slice(0, 7)} is not a commit` };
    data = object.data;
  } catch {
    return { status: 'invalid', reason: `commit ${options.commit.slice(0, 7)} cannot be read` };
  }
  const { payload, signature } = splitCommitSignature({ data });
  if (signature === null) return { status: 'unsigned', reason: 'it carries no signature' };
  if (signature.startsWith('-----BEGIN PGP SIGNATURE-----')) {
    return { status: 'unsupported', reason: 'it is signed with OpenPGP; relctl verifies SSH signatures against the allowed-signers file' };
  }
  if (!signature.startsWith('-----BEGIN SSH SIGNATURE-----')) return { status: 'invalid', reason: 'its signature is neither SSH nor OpenPGP' };
  if (options.allowedSigners === null || options.allowedSigners.trim() === '') {
    return { status: 'unknown-key', reason: 'there is no allowed-signers file on the production branch to check it against' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'relctl-verify-'));
  try {
    const allowed = join(dir, 'allowed_signers');
    const sig = join(dir, 'signature');
    writeFileSync(allowed, options.allowedSigners);
    writeFileSync(sig, signature);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
    const time = verifyTime(payload);
    const timeArgs = time === null ? [] : [`-Overify-time=${time}`];
    const found = await runTool({ program: 'ssh-keygen', args: ['-Y', 'find-principals', '-f', allowed, '-s', sig, ...timeArgs], env });
    if (found.code === 127) return { status: 'unsupported', reason: `ssh-keygen is not available to verify it (${found.stderr.trim()})` };
    const principals =
      found.code === 0
        ? found.stdout
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean)
        : [];
    if (principals.length === 0) return { status: 'unknown-key', reason: 'it is signed by a key that is not in the allowed-signers file' };
    for (const principal of principals) {
      const verified = await runTool({ program: 'ssh-keygen', args: ['-Y', 'verify', '-f', allowed, '-I', principal, '-n', 'git', '-s', sig, ...timeArgs], input: payload, env });
      if (verified.code === 0) return { status: 'verified', signer: principal };
    }
    return {
      status: 'invalid',
      reason: `its signature does not verify for ${principals.join(', ')} (the commit was changed after signing, or the key is not valid for git at that time)`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The committer time as ssh-keygen's `verify-time` (`YYYYMMDDHHMMSSZ`, UTC), or `null`. */
function verifyTime(payload: Buffer): string | null {
  const match = /^committer .* (\d+) [+-]\d{4}$/m.exec(payload.toString('latin1').split('\n\n')[0] ?? '');
  if (!match) return null;
  return `${new Date(Number(match[1]) * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
