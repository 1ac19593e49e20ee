/**
 * Remove credentials from text that may quote a remote URL: `https://user:token@host` becomes
 * `https://***@host`, and `?access_token=…`-style query values and `Authorization:` headers are
 * masked. Use on every message that could reach a terminal or a log.
 *
 * @example
 * ```ts
 * scrubSecrets('fatal: unable to access https://me:ghp_x@github.com/o/r.git/');
 * // 'fatal: unable to access https://***@github.com/o/r.git/'
 * ```
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1***@')
    .replace(/([?&](?:access_token|token|private_token|password|key)=)[^&\s]+/gi, '$1***')
    .replace(/(authorization:\s*)(?:basic|bearer|token)?\s*\S+/gi, '$1***');
}
