/**
 * The environment of every git child relctl starts: the caller's environment, `LC_ALL=C` so
 * messages are parseable, `GIT_TERMINAL_PROMPT=0` so git never waits for a password, then
 * `extra` (`undefined` removes a variable).
 *
 * @example
 * ```ts
 * spawn('git', ['status'], { env: gitEnv({ GIT_DIR: undefined }) });
 * ```
 */
export function gitEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    LC_ALL: 'C',
    LANGUAGE: undefined,
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) clean[key] = value;
  return clean;
}
