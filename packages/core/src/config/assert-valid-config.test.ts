import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { assertValidConfig } from './assert-valid-config.js';

describe('assertValidConfig', () => {
  it('returns the policy and config of a valid config', () => {
    const { policy, config } = assertValidConfig({ input: { remote: null } });
    expect(policy.remote).toBeNull();
    expect(config.git.backend).toBe('auto');
  });

  it('throws a ConfigError summarising the first issue and the count', () => {
    let error: unknown;
    try {
      assertValidConfig({ input: { tagPrefix: 1, remote: [] } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError<{ issues: unknown[] }>;
    expect(configError.message).toBe('Invalid relctl config: tagPrefix: expected a string, got 1 (first of 2 problems).');
    expect(configError.data.issues).toHaveLength(2);
    expect(configError.exitCode).toBe(2);
    expect(configError.message).not.toContain('\n');
  });

  it('leaves out the count when there is one issue', () => {
    expect(() => assertValidConfig({ input: { extra: true } })).toThrow(/^Invalid relctl config: extra: unknown key "extra": allowed keys here are .*environments\.$/);
  });
});
