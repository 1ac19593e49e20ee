/** Environment variables whose values are secrets and must never be printed. */
export const SECRET_VARIABLES = ['RELCTL_GIT_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN'];

/**
 * Remove credentials from text before it is shown: `user:password@` in URLs, and the value of
 * any token variable that happens to appear.
 */
export function scrubSecrets(text: string, env: Readonly<Record<string, string | undefined>>): string {
  let clean = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value && value.length >= 4) clean = clean.split(value).join('***');
  }
  return clean;
}
