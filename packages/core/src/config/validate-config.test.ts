import { describe, expect, it } from 'vitest';
import type { ConfigIssue } from './to-config-issues.js';
import { DEFAULT_ENVIRONMENTS } from './default-environments.js';
import { validateConfig } from './validate-config.js';

const issuesOf = (input: unknown, customRules?: string[]): ConfigIssue[] => {
  const result = validateConfig({ input, ...(customRules ? { customRules } : {}) });
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.issues;
};

const env = (name: string, kind: 'integration' | 'release', branch: string, extra: Record<string, unknown> = {}) => ({ name, kind, branch, ...extra });

describe('validateConfig', () => {
  it('fills every default for an empty config, null or undefined', () => {
    for (const input of [{}, null, undefined]) {
      const result = validateConfig({ input });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.config).toMatchObject({ requestPrefix: 'req/', tagPrefix: 'v', remote: 'origin', git: { backend: 'auto' }, push: { retrySeconds: 120 } });
      expect(result.policy.environments.map((environment) => [environment.name, environment.kind, environment.branch])).toEqual([
        ['test', 'integration', 'env/test'],
        ['prod', 'release', 'main'],
      ]);
      expect(result.policy.environments[0]).toMatchObject({ base: 'prod', rules: [{ rule: 'max-age', options: { days: 30 }, level: 'warn' }] });
      expect(result.policy.environments[1]?.source).toBe('test');
      expect(result.policy.environments[1]?.rules.map((spec) => spec.rule)).toEqual(['tested-in', 'approved', 'changeset', 'depends-on', 'clean-merge']);
      expect(result.policy).not.toHaveProperty('git');
    }
  });

  it('treats DEFAULT_ENVIRONMENTS written out like the defaults, and keeps them frozen', () => {
    const explicit = validateConfig({ input: { environments: DEFAULT_ENVIRONMENTS } });
    const implicit = validateConfig({ input: {} });
    expect(explicit).toEqual(implicit);
    expect(Object.isFrozen(DEFAULT_ENVIRONMENTS[1]?.rules)).toBe(true);
  });

  it('normalizes rules: names to specs, option defaults, level error', () => {
    const result = validateConfig({
      input: {
        remote: null,
        tagPrefix: '',
        git: { backend: 'system' },
        environments: [
          env('test', 'integration', 'env/test', { deploy: { command: 'deploy.sh' } }),
          env('prod', 'release', 'main', { source: 'test', rules: ['approved', { rule: 'soak', options: { hours: 2 }, level: 'warn' }, 'mine'] }),
        ],
      },
      customRules: ['mine'],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.git.backend).toBe('system');
    expect(result.policy.remote).toBeNull();
    expect(result.policy.tagPrefix).toBe('');
    expect(result.policy.environments[0]?.deploy).toEqual({ command: 'deploy.sh' });
    expect(result.policy.environments[1]?.rules).toEqual([
      { rule: 'approved', options: { count: 1 }, level: 'error' },
      { rule: 'soak', options: { hours: 2 }, level: 'warn' },
      { rule: 'mine', options: {}, level: 'error' },
    ]);
  });

  it('takes push.retrySeconds, a whole number of seconds from 0 (no retries) to 3600', () => {
    for (const retrySeconds of [0, 30, 3600]) {
      const result = validateConfig({ input: { push: { retrySeconds } } });
      expect(result.ok && result.config.push).toEqual({ retrySeconds });
    }
    expect(issuesOf({ push: { retrySeconds: -1 } })).toEqual([{ path: 'push.retrySeconds', message: 'use 0 (no retries) or more seconds' }]);
    expect(issuesOf({ push: { retrySeconds: 3601 } })).toEqual([{ path: 'push.retrySeconds', message: 'use at most 3600 seconds (an hour)' }]);
    expect(issuesOf({ push: { retrySeconds: 1.5 } })).toEqual([{ path: 'push.retrySeconds', message: 'expected a whole number of seconds like 120, got 1.5' }]);
    expect(issuesOf({ push: { retrySeconds: '2m' } })).toEqual([{ path: 'push.retrySeconds', message: 'expected a whole number of seconds like 120, got "2m"' }]);
    expect(issuesOf({ push: { retries: 5 } })[0]?.path).toBe('push.retries');
  });

  it('names unknown keys at their path and lists the allowed ones', () => {
    expect(issuesOf({ enviroments: [] })).toEqual([
      {
        path: 'enviroments',
        message:
          'unknown key "enviroments" (did you mean "environments"?): allowed keys here are $schema, requestPrefix, tagPrefix, remote, git, push, release, allowedSigners, environments',
      },
    ]);
    expect(issuesOf({ environments: [{ ...env('prod', 'release', 'main'), rules: [{ rule: 'soak', lvl: 'warn' }] }] })).toEqual([
      { path: 'environments[0].rules[0].lvl', message: 'unknown key "lvl": allowed keys here are rule, options, level' },
    ]);
    expect(issuesOf({ git: { backend: 'system', depth: 1 } })[0]?.path).toBe('git.depth');
  });

  it('says what type or value is allowed', () => {
    expect(issuesOf('yes')).toEqual([{ path: '(root)', message: 'expected an object, got "yes"' }]);
    expect(issuesOf({ environments: [{ ...env('prod', 'release', 'main'), kind: 'production' }] })).toEqual([
      { path: 'environments[0].kind', message: '"production" is not allowed: use one of "integration", "release"' },
    ]);
    expect(issuesOf({ environments: [{ name: 'prod', kind: 'release' }] })).toEqual([{ path: 'environments[0].branch', message: 'is required: expected a string' }]);
    expect(issuesOf({ remote: 5 })[0]?.message).toBe('expected a remote name like "origin", or null for a local-only repository, got 5');
    expect(issuesOf({ environments: [{ ...env('prod', 'release', 'main'), rules: [true] }] })).toEqual([
      { path: 'environments[0].rules[0]', message: 'expected a rule name like "approved" or an object { rule, options?, level? }, got true' },
    ]);
    expect(issuesOf({ environments: [] })[0]?.message).toContain('list at least one environment');
    expect(issuesOf({ environments: [env('pr od', 'release', 'main')] })[0]).toEqual({
      path: 'environments[0].name',
      message: '"pr od" is not a valid environment name: use 1-32 letters, digits, "_" or "-", starting with a letter or digit',
    });
  });

  it('requires unique names and branches and exactly one release environment', () => {
    expect(issuesOf({ environments: [env('a', 'release', 'main'), env('a', 'integration', 'main')] })).toEqual([
      { path: 'environments[1].name', message: 'environment name "a" is already used by environments[0]: give each environment its own name' },
      { path: 'environments[1].branch', message: 'branch "main" is already used by environments[0] ("a"): each environment needs its own branch' },
    ]);
    expect(issuesOf({ environments: [env('test', 'integration', 'env/test')] })).toEqual([
      { path: 'environments', message: 'no environment has kind "release": exactly one must (the production branch, e.g. "main")' },
    ]);
    expect(issuesOf({ environments: [env('a', 'release', 'main'), env('b', 'release', 'prod')] })[0]?.path).toBe('environments[1].kind');
  });

  it('checks source and base references, self references and cycles', () => {
    expect(issuesOf({ environments: [env('test', 'integration', 'env/test', { source: 'tset' }), env('prod', 'release', 'main')] })).toEqual([
      { path: 'environments[0].source', message: 'source "tset" is not an environment (did you mean "test"?): use one of test, prod' },
    ]);
    expect(issuesOf({ environments: [env('test', 'integration', 'env/test', { base: 'test' }), env('prod', 'release', 'main')] })[0]?.message).toBe(
      '"test" cannot be its own base: name another environment (test, prod)',
    );
    expect(issuesOf({ environments: [env('test', 'integration', 'env/test'), env('prod', 'release', 'main', { base: 'test' })] })[0]).toEqual({
      path: 'environments[1].base',
      message: '"base" is only for integration environments, and "prod" is a release environment: remove it',
    });
    const cyclic = [
      env('a', 'integration', 'env/a', { source: 'c' }),
      env('b', 'integration', 'env/b', { source: 'a' }),
      env('c', 'integration', 'env/c', { source: 'b' }),
      env('prod', 'release', 'main', { source: 'c' }),
    ];
    expect(issuesOf({ environments: cyclic })).toEqual([{ path: 'environments[0].source', message: 'sources form a cycle: a -> c -> b -> a; remove the source of one of them' }]);
  });

  it('checks branch names as git does, and against the request prefix', () => {
    const withBranch = (branch: string) => issuesOf({ environments: [env('prod', 'release', branch)] });
    for (const branch of ['a..b', 'a b', 'x.lock', '-x', 'HEAD', 'refs/heads/main', 'a/', '@']) {
      expect(withBranch(branch)[0]?.path, branch).toBe('environments[0].branch');
    }
    expect(withBranch('ma~in')[0]?.message).toMatch(/^"ma~in" is not a valid git branch name \(it contains "~"\): use a name like "env\/test"/);
    expect(withBranch('req/main')[0]?.message).toContain('starts with the request prefix "req/"');
    expect(withBranch('req')[0]?.message).toContain('clashes with request branches under "req/"');
    expect(issuesOf({ environments: [env('test', 'integration', 'env'), env('prod', 'release', 'env/prod')] })[0]?.message).toContain(
      'git cannot have both a branch and branches under it',
    );
    expect(issuesOf({ requestPrefix: 'env/' })).toEqual([
      {
        path: 'environments[0].branch',
        message:
          'branch "env/test" starts with the request prefix "env/", so it would be taken for a request: pick another branch or requestPrefix (in the default environments; set "environments" to choose your own)',
      },
    ]);
  });

  it('checks prefixes and the remote name', () => {
    expect(issuesOf({ requestPrefix: 're q/' })[0]?.path).toBe('requestPrefix');
    expect(issuesOf({ requestPrefix: '' })[0]?.message).toBe('must not be empty');
    expect(issuesOf({ tagPrefix: 'v..' })[0]?.path).toBe('tagPrefix');
    expect(issuesOf({ remote: 'my remote' })[0]?.path).toBe('remote');
  });

  it('checks rule names, custom rules, and rules that need a source', () => {
    const prod = (rules: unknown[], extra: Record<string, unknown> = {}) => ({ environments: [env('prod', 'release', 'main', { rules, ...extra })] });
    expect(issuesOf(prod(['aproved']))).toEqual([
      {
        path: 'environments[0].rules[0]',
        message:
          'unknown rule "aproved" (did you mean "approved"?): use a built-in rule (tested-in, approved, soak, max-age, freeze, depends-on, changeset, clean-merge, verified-candidate, checks) or define a custom rule in a JS/TS config',
      },
    ]);
    expect(issuesOf(prod([{ rule: 'mine' }]))[0]?.path).toBe('environments[0].rules[0].rule');
    expect(validateConfig({ input: prod([{ rule: 'mine', options: { any: 1 } }]), customRules: ['mine'] }).ok).toBe(true);
    expect(issuesOf(prod([]), ['soak'])).toEqual([{ path: 'customRules', message: 'custom rule "soak" has the name of a built-in rule: give it another name' }]);
    expect(issuesOf(prod(['tested-in']))[0]?.message).toBe('rule "tested-in" checks the source environment, but "prod" has no "source": set one (prod) or remove the rule');
  });

  it("checks each built-in rule's options with its own schema", () => {
    const prod = (rules: unknown[]) => ({ environments: [env('test', 'integration', 'env/test'), env('prod', 'release', 'main', { source: 'test', rules })] });
    expect(issuesOf(prod(['soak']))).toEqual([{ path: 'environments[1].rules[0].options.hours', message: 'is required: expected a number' }]);
    expect(issuesOf(prod([{ rule: 'soak', options: { hours: -1 } }]))).toEqual([{ path: 'environments[1].rules[0].options.hours', message: 'must be greater than 0, got -1' }]);
    expect(issuesOf(prod([{ rule: 'max-age', options: { day: 3 } }]))[0]).toEqual({
      path: 'environments[1].rules[0].options.day',
      message: 'unknown key "day" (did you mean "days"?): allowed keys here are days',
    });
    expect(issuesOf(prod([{ rule: 'approved', options: { by: 'alice' } }]))[0]?.message).toBe('expected "requester" or a list of approvers like ["ann@example.com"], got "alice"');
    expect(issuesOf(prod([{ rule: 'approved', options: { count: 1.5 } }]))[0]?.message).toBe('expected a whole number, got 1.5');
    const freezeIssues = issuesOf(
      prod([
        {
          rule: 'freeze',
          options: {
            timeZone: 'Mars/Base',
            windows: [
              { from: 'Fri 15:00', to: 'Mon 9' },
              { start: 'soon', end: '2026-01-01T00:00:00Z' },
            ],
          },
        },
      ]),
    );
    expect(freezeIssues.map((issue) => issue.path)).toEqual([
      'environments[1].rules[0].options.windows[0].to',
      'environments[1].rules[0].options.windows[1].start',
      'environments[1].rules[0].options.timeZone',
    ]);
    expect(issuesOf(prod([{ rule: 'clean-merge', options: { strict: true } }]))[0]?.message).toBe('unknown key "strict": no keys are allowed here');
  });

  it('reports every issue, in config order', () => {
    const issues = issuesOf({
      environments: [env('test', 'integration', 'a b', { source: 'nope' }), env('prod', 'release', 'main', { rules: ['x'] })],
      requestPrefix: 'r..',
    });
    expect(issues.map((issue) => issue.path)).toEqual(['requestPrefix', 'environments[0].branch', 'environments[0].source', 'environments[1].rules[0]']);
  });
});
