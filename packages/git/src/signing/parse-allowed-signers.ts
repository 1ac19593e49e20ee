/**
 * One line of an allowed-signers file (git's `gpg.ssh.allowedSignersFile`, ssh-keygen's
 * ALLOWED SIGNERS format).
 *
 * @example
 * ```ts
 * const entry: AllowedSigner = { principals: ['kim@example.com'], options: 'namespaces="git"', keyType: 'ssh-ed25519', key: 'AAAAC3Nz…' };
 * ```
 */
export interface AllowedSigner {
  /** The principals (usually emails); patterns with `*` and `?` are kept as written. */
  principals: string[];
  /** The options field (`namespaces="git"`, `valid-after=…`, `cert-authority`), or `''`. */
  options: string;
  keyType: string;
  /** The base64 key blob. */
  key: string;
}

const KEY_TYPE = /^(ssh-|ecdsa-|sk-ssh-|sk-ecdsa-)[A-Za-z0-9@._-]+$/;

/**
 * Parse an allowed-signers file: `principals [options] keytype base64-key [comment]` per line;
 * blank lines and `#` comments are skipped, and so is a line that does not parse (ssh-keygen
 * itself decides what verifies; this only finds the principals of a key).
 *
 * @example
 * ```ts
 * parseAllowedSigners({ text: 'kim@example.com ssh-ed25519 AAAAC3Nz… kim\n' });
 * // [{ principals: ['kim@example.com'], options: '', keyType: 'ssh-ed25519', key: 'AAAAC3Nz…' }]
 * ```
 */
export function parseAllowedSigners(options: { text: string }): AllowedSigner[] {
  const entries: AllowedSigner[] = [];
  for (const raw of options.text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = tokens(line);
    const typeAt = fields.findIndex((field, index) => index > 0 && KEY_TYPE.test(field));
    if (typeAt < 1 || fields[typeAt + 1] === undefined) continue;
    entries.push({
      principals: (fields[0] ?? '').replace(/^"|"$/g, '').split(','),
      options: fields.slice(1, typeAt).join(' '),
      keyType: fields[typeAt] ?? '',
      key: fields[typeAt + 1] ?? '',
    });
  }
  return entries;
}

/** Split on spaces outside double quotes. */
function tokens(line: string): string[] {
  const found: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    if (!quoted && /\s/.test(char)) {
      if (current !== '') found.push(current);
      current = '';
    } else current += char;
  }
  if (current !== '') found.push(current);
  return found;
}
