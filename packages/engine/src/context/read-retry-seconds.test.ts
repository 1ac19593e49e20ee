import { describe, expect, it } from 'vitest';
import { ConfigError } from '@relctl/core';
import { readRetrySeconds } from './read-retry-seconds.js';

describe('readRetrySeconds', () => {
  it("uses the config's push.retrySeconds unless RELCTL_RETRY_SECONDS is set", () => {
    expect(readRetrySeconds({}, 120)).toBe(120);
    expect(readRetrySeconds({ RELCTL_RETRY_SECONDS: '' }, 120)).toBe(120);
    expect(readRetrySeconds({ RELCTL_RETRY_SECONDS: ' 600 ' }, 120)).toBe(600);
    expect(readRetrySeconds({ RELCTL_RETRY_SECONDS: '0' }, 120)).toBe(0);
    expect(readRetrySeconds({ RELCTL_RETRY_SECONDS: '3600' }, 120)).toBe(3600);
  });

  it('refuses anything but a whole number of seconds from 0 to 3600 (exit 2), naming the variable and the way out', () => {
    for (const text of ['-1', '1.5', '2m', 'soon', '3601', '1e3']) {
      expect(() => readRetrySeconds({ RELCTL_RETRY_SECONDS: text }, 90)).toThrow(ConfigError);
    }
    expect(() => readRetrySeconds({ RELCTL_RETRY_SECONDS: '2m' }, 90)).toThrow(
      'RELCTL_RETRY_SECONDS is "2m": use a whole number of seconds from 0 to 3600, or unset it to use push.retrySeconds (90).',
    );
  });
});
