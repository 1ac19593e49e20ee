import type { SigningKey } from '@relctl/git';
import { readGitConfig } from './read-git-config.js';

/**
 * The key relctl signs approvals and recorded resolutions with: git's own signing setup,
 * `user.signingKey` with `gpg.format` (`ssh` or `openpgp`; git's default is `openpgp`), from the
 * user's and the repository's git config. `null` when no `user.signingKey` is set (nothing is
 * signed then) or the format is one relctl does not sign with (`x509`). Which program signs is
 * never taken from the config (`gpg.program` and `gpg.ssh.program` are not read).
 *
 * @example
 * ```ts
 * readSigningKey({ commonDir: repo.commonDir, env: process.env }); // { format: 'ssh', key: '~/.ssh/id_ed25519.pub' }
 * ```
 */
export function readSigningKey(options: { commonDir: string; env: Readonly<Record<string, string | undefined>> }): SigningKey | null {
  const key = readGitConfig({ ...options, key: 'user.signingKey' })?.trim();
  if (!key) return null;
  const format = (readGitConfig({ ...options, key: 'gpg.format' }) ?? 'openpgp').trim().toLowerCase();
  return format === 'ssh' || format === 'openpgp' ? { format, key } : null;
}
