import { ConfigError, MAX_RETRY_SECONDS } from '@relctl/core';

/**
 * The push-race retry budget for this run, in seconds: `RELCTL_RETRY_SECONDS` when set (a CI job
 * that may wait longer, or a script that wants no retries), else the config's `push.retrySeconds`.
 * A value that is not a whole number from 0 to 3600 is refused (exit 2) before anything moves.
 */
export function readRetrySeconds(env: Readonly<Record<string, string | undefined>>, configured: number): number {
  const text = env.RELCTL_RETRY_SECONDS?.trim();
  if (text === undefined || text === '') return configured;
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds > MAX_RETRY_SECONDS) {
    throw new ConfigError(
      `RELCTL_RETRY_SECONDS is ${JSON.stringify(text)}: use a whole number of seconds from 0 to ${MAX_RETRY_SECONDS}, or unset it to use push.retrySeconds (${configured}).`,
      {
        RELCTL_RETRY_SECONDS: text,
      },
    );
  }
  return seconds;
}
