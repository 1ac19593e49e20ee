/** Options of {@link scrubSecrets}. */
export interface ScrubSecretsOptions {
  /** Text that may hold credentials: an error message, a URL, a server reply. */
  text: string;
  /** Secret values to blank out wherever they occur (tokens, passwords). Empty strings are ignored. */
  secrets?: readonly string[];
}

/** What replaces a secret. */
const MASK = '***';

/**
 * Remove credentials from text before it reaches a message, an error or a log: the user-info
 * part of every URL (`https://user:secret@host` → `https://***@host`) and every occurrence of
 * each given secret, also URL-encoded. To cover a Basic `Authorization` header, pass its
 * base64 value as one more secret.
 *
 * @example
 * ```ts
 * scrubSecrets({ text: 'GET https://x:tok@github.com/o/r.git failed (tok)', secrets: ['tok'] });
 * // → 'GET https://***@github.com/o/r.git failed (***)'
 * ```
 */
export function scrubSecrets(options: ScrubSecretsOptions): string {
  let text = options.text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]+@/gi, `$1${MASK}@`);
  const variants = new Set<string>();
  for (const secret of options.secrets ?? []) {
    if (!secret) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another is masked whole.
  for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
    if (variant) text = text.split(variant).join(MASK);
  }
  return text;
}
