import { describe, expect, it } from 'vitest';
import { ConfigError, ExitCode, type Policy } from '@relctl/core';
import { assertValidDeployConfig } from './assert-valid-deploy-config.js';

const policy = (testDeploy: unknown, prodDeploy: unknown): Policy => ({
  requestPrefix: 'req/',
  tagPrefix: 'v',
  remote: null,
  environments: [
    { name: 'test', kind: 'integration', branch: 'env/test', rules: [], ...(testDeploy === undefined ? {} : { deploy: testDeploy as Record<string, unknown> }) },
    { name: 'prod', kind: 'release', branch: 'main', rules: [], ...(prodDeploy === undefined ? {} : { deploy: prodDeploy as Record<string, unknown> }) },
  ],
});

describe('assertValidDeployConfig', () => {
  it('accepts environments without deploy settings and with valid ones', () => {
    expect(() => assertValidDeployConfig(policy(undefined, undefined))).not.toThrow();
    expect(() => assertValidDeployConfig(policy({ strategy: 'command', command: ['./ship.sh'] }, { strategy: 'directory', path: '/srv/app' }))).not.toThrow();
  });

  it('names the environment index and key of every problem, exit 2, and never echoes values', () => {
    let error: unknown;
    try {
      assertValidDeployConfig(policy({ strategy: 'command', command: ['./ship.sh'] }, { strategy: 'directory', path: '/srv/app', keep: 0, token: 's3cret' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError<{ issues: Array<{ path: string; message: string }> }>;
    expect(configError.exitCode).toBe(ExitCode.usage);
    expect(configError.message).toMatch(/^Invalid relctl config: environments\[1\]\.deploy\.(keep|token)[: ].* \(first of 2 problems\)\.$/);
    expect(configError.data.issues.map((issue) => issue.path).sort()).toEqual(['environments[1].deploy.keep', 'environments[1].deploy.token']);
    expect(JSON.stringify(configError.data)).not.toContain('s3cret');
  });

  it('reports a missing strategy at its path', () => {
    expect(() => assertValidDeployConfig(policy({ command: 'x' }, undefined))).toThrow(
      'Invalid relctl config: environments[0].deploy.strategy: is required: use "command" or "directory".',
    );
  });
});
