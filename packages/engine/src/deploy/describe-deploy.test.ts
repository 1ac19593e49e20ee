import { describe, expect, it } from 'vitest';
import { describeDeploy } from './describe-deploy.js';
import { formatDeployCommand } from './format-deploy-command.js';

const sha = 'a'.repeat(40);

describe('formatDeployCommand', () => {
  it('shows an argv list as typed, quoting what a shell would split, and a string as sh -c', () => {
    expect(formatDeployCommand(['./ship.sh', '--env=prod', 'two words', '$(x)'])).toBe('./ship.sh --env=prod "two words" "$(x)"');
    expect(formatDeployCommand('npm run deploy && echo done')).toBe('sh -c "npm run deploy && echo done"');
  });
});

describe('describeDeploy', () => {
  it('lists a directory deploy step by step, hooks included, and the push when there is a remote', () => {
    const lines = describeDeploy({
      env: 'prod',
      settings: { strategy: 'directory', path: 'srv', keep: 3, timeoutSeconds: 60, before: ['npm', 'ci'], after: 'systemctl restart app' },
      sha,
      version: '1.2.0',
      requests: [{ id: 'A' }, { id: 'C', title: 'x' }],
      type: 'deployed',
      baseDir: '/repo',
      remote: 'origin',
      forcingFrom: 'Kim <kim@example.com>',
    });
    expect(lines).toEqual([
      'take the deploy lock of prod (lock-acquired in refs/relctl/log), by force from Kim <kim@example.com>',
      'export the tree of aaaaaaa (1.2.0) into /repo/srv/releases/1.2.0 (kept as is if it already holds aaaaaaa)',
      'run the before hook npm ci in the release (time limit 60s)',
      'switch /repo/srv/current to the release in one rename',
      'run the after hook sh -c "systemctl restart app" (time limit 60s); on failure switch current back',
      'keep the last 3 releases',
      'record deployed of prod at aaaaaaa (1.2.0); requests A, C and release the lock',
      'push refs/relctl/log to origin',
    ]);
  });

  it('lists a command deploy, named by SHA when there is no version', () => {
    const lines = describeDeploy({
      env: 'test',
      settings: { strategy: 'command', command: ['./ship.sh'], cwd: 'deploy', timeoutSeconds: 600 },
      sha,
      version: null,
      requests: [],
      type: 'rolled-back',
      baseDir: '/repo',
      remote: null,
    });
    expect(lines).toEqual([
      'take the deploy lock of test (lock-acquired in refs/relctl/log)',
      'export the tree of aaaaaaa into a temp folder (RELCTL_SOURCE_DIR)',
      'run ./ship.sh in /repo/deploy (time limit 600s) with RELCTL_ENV=test, RELCTL_SHA, RELCTL_VERSION, RELCTL_REQUESTS',
      'record rolled-back of test at aaaaaaa and release the lock',
    ]);
  });
});
