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

  it('carries no unbounded text: a long title is cut to 200 characters, and a huge list keeps only ids', () => {
    const long = 'x'.repeat(70_000);
    const env = relctlDeployEnv({ env: 'test', sha, sourceDir: '/s', requests: [{ id: 'A', title: long }] });
    expect(JSON.parse(env.RELCTL_REQUESTS_JSON ?? '')).toEqual([{ id: 'A', title: `${'x'.repeat(199)}…` }]);
    const many = Array.from({ length: 400 }, (_, i) => ({ id: `R${i}`, title: 't'.repeat(300) }));
    const json = relctlDeployEnv({ env: 'test', sha, sourceDir: '/s', requests: many }).RELCTL_REQUESTS_JSON ?? '';
    expect(json.length).toBeLessThanOrEqual(64 * 1024);
    expect(JSON.parse(json)).toEqual(many.map(({ id }) => ({ id })));
    for (const value of Object.values(env)) expect(value.length).toBeLessThan(1024);
  });

  it('childEnv drops inherited RELCTL_* variables', () => {
    expect(childEnv({ base: { PATH: '/bin', RELCTL_SHA: 'old', RELCTL_OTHER: 'x', UNSET: undefined }, relctl: { RELCTL_SHA: 'new' } })).toEqual({
      PATH: '/bin',
      RELCTL_SHA: 'new',
    });
  });
});
