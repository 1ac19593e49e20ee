import { describe, expect, it } from 'vitest';
import { UsageError } from '@relctl/core';
import { childEnv } from './child-env.js';
import { relctlDeployEnv } from './relctl-deploy-env.js';

describe('relctlDeployEnv', () => {
  const sha = 'a'.repeat(40);

  it('puts request data in variables only, titles as JSON', () => {
    expect(relctlDeployEnv({ env: 'prod', sha, sourceDir: '/tmp/s', requests: [{ id: 'A', title: 'Say "hi"\n$(x)' }, { id: 'B' }] })).toEqual({
      RELCTL_ENV: 'prod',
      RELCTL_SHA: sha,
      RELCTL_VERSION: '',
      RELCTL_REQUESTS: 'A,B',
      RELCTL_REQUESTS_JSON: '[{"id":"A","title":"Say \\"hi\\"\\n$(x)"},{"id":"B"}]',
      RELCTL_SOURCE_DIR: '/tmp/s',
    });
  });

  it('refuses ids no variable can carry unambiguously, and extra names outside RELCTL_', () => {
    expect(() => relctlDeployEnv({ env: 'prod', sha, sourceDir: '/s', requests: [{ id: 'a,b' }] })).toThrow(UsageError);
    expect(() => relctlDeployEnv({ env: 'prod', sha, sourceDir: '/s', requests: [{ id: 'a\0b' }] })).toThrow(UsageError);
    expect(() => relctlDeployEnv({ env: 'prod', sha, sourceDir: '/s', extra: { PATH: '/x' } })).toThrow(UsageError);
  });

  it('childEnv drops inherited RELCTL_* variables', () => {
    expect(childEnv({ base: { PATH: '/bin', RELCTL_SHA: 'old', RELCTL_OTHER: 'x', UNSET: undefined }, relctl: { RELCTL_SHA: 'new' } })).toEqual({
      PATH: '/bin',
      RELCTL_SHA: 'new',
    });
  });
});
