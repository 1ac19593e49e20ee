import { parseAllowedSigners } from './parse-allowed-signers.js';

/**
 * The principals an allowed-signers file lists for a public key (`ssh-ed25519 AAAA… comment`):
 * who a signature by that key proves to be. Empty when the key is not listed.
 *
 * @example
 * ```ts
 * principalsForKey({ allowedSigners: 'kim@example.com ssh-ed25519 AAAA…\n', publicKey: 'ssh-ed25519 AAAA… kim' }); // ['kim@example.com']
 * ```
 */
export function principalsForKey(options: { allowedSigners: string; publicKey: string }): string[] {
  const [type, blob] = options.publicKey.trim().split(/\s+/);
  return parseAllowedSigners({ text: options.allowedSigners })
    .filter((entry) => entry.keyType === type && entry.key === blob && !/(^|,)cert-authority(,|$)/.test(entry.options))
    .flatMap((entry) => entry.principals);
}
