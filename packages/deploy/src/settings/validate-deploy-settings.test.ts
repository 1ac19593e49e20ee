import { describe, expect, it } from 'vitest';
import { ConfigError } from '@relctl/core';
import { assertValidDeploySettings } from './assert-valid-deploy-settings.js';
import { validateDeploySettings } from './validate-deploy-settings.js';

const issuesOf = (input: unknown, path?: PropertyKey[]) => {
  const result = validateDeploySettings(path ? { input, path } : { input });
  if (result.ok) throw new Error('expected issues');
  return result.issues;
};

describe('validateDeploySettings', () => {
  it('fills defaults for both strategies and keeps what is set', () => {
    expect(validateDeploySettings({ input: { strategy: 'command', command: ['./ship.sh', '--fast'] } })).toEqual({
      ok: true,
      settings: { strategy: 'command', command: ['./ship.sh', '--fast'], timeoutSeconds: 600 },
    });
    expect(
      validateDeploySettings({
        input: {
          strategy: 'directory',
          path: '/srv/app',
          before: 'npm ci',
          after: ['systemctl', 'restart', 'app'],
          timeoutSeconds: 30,
          config: { template: '.env.example', file: '/etc/app/prod.env', fromEnv: true },
        },
      }),
    ).toEqual({
      ok: true,
      settings: {
        strategy: 'directory',
        path: '/srv/app',
        keep: 5,
        before: 'npm ci',
        after: ['systemctl', 'restart', 'app'],
        timeoutSeconds: 30,
        config: { template: '.env.example', file: '/etc/app/prod.env', fromEnv: true },
      },
    });
  });

  it('reports each problem at its path with what is allowed', () => {
    expect(issuesOf({ command: 'x' })).toEqual([{ path: 'deploy.strategy', message: 'is required: use "command" or "directory"' }]);
    expect(issuesOf({ strategy: 'rsync' })).toEqual([{ path: 'deploy.strategy', message: '"rsync" is not a strategy: use "command" or "directory"' }]);
    expect(issuesOf({ strategy: 'command' })).toEqual([{ path: 'deploy.command', message: expect.stringContaining('list of strings') as unknown as string }]);
    expect(issuesOf({ strategy: 'command', command: [''] })[0]?.path).toBe('deploy.command');
    expect(issuesOf({ strategy: 'command', command: [] })[0]?.path).toBe('deploy.command');
    expect(issuesOf({ strategy: 'directory', path: '/srv', keep: 0, timeoutSeconds: -1, extra: 1 }, ['environments', 1, 'deploy'])).toEqual([
      { path: 'environments[1].deploy.keep', message: 'must be at least 1, got the number 0' },
      { path: 'environments[1].deploy.timeoutSeconds', message: 'must be greater than 0, got the number -1' },
      { path: 'environments[1].deploy.extra', message: 'unknown key "extra": allowed keys here are strategy, path, keep, before, after, timeoutSeconds, config' },
    ]);
  });

  it('checks deploy.config: a repository template, an absolute file outside, at least one source', () => {
    const config = (value: unknown) => issuesOf({ strategy: 'command', command: ['x'], config: value });
    expect(config({ template: '../outside.env', fromEnv: true })).toEqual([
      { path: 'deploy.config.template', message: 'must be a path inside the repository, relative to its root, without ".."' },
    ]);
    expect(config({ template: '.env.example', file: 'prod.env' })).toEqual([{ path: 'deploy.config.file', message: 'must be an absolute path to a file outside the repository' }]);
    expect(config({ template: '.env.example' })).toEqual([{ path: 'deploy.config', message: expect.stringContaining('names no source of values') as unknown as string }]);
  });

  it('never echoes a configured string (it may be a secret)', () => {
    const secret = 'hunter2-super-secret';
    const issues = issuesOf({ strategy: 'command', command: secret, cwd: 5, timeoutSeconds: secret });
    expect(JSON.stringify(issues)).not.toContain(secret);
    expect(issues.map((issue) => issue.path)).toEqual(['deploy.cwd', 'deploy.timeoutSeconds']);
  });

  it('assertValidDeploySettings throws a ConfigError listing every issue', () => {
    const error = (() => {
      try {
        assertValidDeploySettings({ input: { strategy: 'directory' }, env: 'prod' });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('invalid deploy settings of prod: deploy.path is required: expected a string; fix the config file.');
    expect((error as ConfigError).data).toEqual({ env: 'prod', issues: [{ path: 'deploy.path', message: 'is required: expected a string' }] });
  });
});
