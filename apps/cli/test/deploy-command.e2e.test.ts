import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { makeTempDir } from '@relctl/testing';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

/** Every file name under `dir`, recursively (to look for files nobody should have made). */
function allNames(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

// The `command` strategy: request data (a title full of shell metacharacters) reaches the
// configured command only through RELCTL_* variables; `config-complete` guards prod; a broken
// deploy section is a config error naming its path.
describe('relctl deploy (command strategy)', () => {
  let repo: StoryRepo;
  let out: string;
  let secrets: string;
  let configText: string;
  const title = () => `Fix totals $(touch ${out}/pwned) ; rm -rf "$HOME/nothing" 'quoted' \`touch ${out}/pwned2\` "double"\nsecond line`;

  beforeAll(async () => {
    out = makeTempDir('deploy-out');
    secrets = makeTempDir('deploy-secrets');
    repo = await createStoryRepo();
    const config = parse(readFileSync(join(repo.dir, 'relctl.config.yaml'), 'utf8')) as { environments: Array<Record<string, unknown>> };
    // An argv list (no shell around it; the script is the config's own) …
    config.environments[0]!.deploy = {
      strategy: 'command',
      command: [
        'sh',
        '-c',
        [
          `echo ran >> '${out}/runs.log'`,
          `printf '%s' "$RELCTL_REQUESTS" > '${out}/requests'`,
          `printf '%s' "$RELCTL_REQUESTS_JSON" > '${out}/requests.json'`,
          `printf '%s|%s|%s' "$RELCTL_ENV" "$RELCTL_SHA" "$RELCTL_VERSION" > '${out}/vars'`,
          `(cd "$RELCTL_SOURCE_DIR" && find . -type f | sort) > '${out}/files'`,
          'echo "deploying $RELCTL_ENV"',
        ].join('; '),
      ],
    };
    // … and one string run by sh -c, with the config-complete check.
    config.environments[1]!.rules = ['tested-in', 'changeset'];
    config.environments[1]!.deploy = {
      strategy: 'command',
      command: `echo "ran prod $RELCTL_VERSION $RELCTL_REQUESTS" >> '${out}/prod.log'`,
      timeoutSeconds: 60,
      config: { template: '.env.example', file: join(secrets, 'prod.env') },
    };
    configText = stringify(config);
    repo.commitOnMain('Deploy settings', { 'relctl.config.yaml': configText, '.env.example': '# keys prod needs\nDATABASE_URL=\nAPI_TOKEN=\n' });
    repo.ok(['request', 'new', 'X', '--title', title(), '--bump', 'patch']);
    repo.commitOn('req/X', 'Round totals', { 'src/orders.js': 'export const round = Math.round;\n' });
    repo.ok(['promote', 'X', '--to', 'test']);
  }, 300_000);
  afterAll(async () => {
    await repo?.remove();
    for (const dir of [out, secrets]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a title with shell metacharacters reaches the command only as data, and nothing but the command runs', () => {
    const result = repo.ok(['deploy', 'test']);
    expect(result.stdout).toContain('[deploy test] deploying test\n');
    expect(result.stdout).toMatch(/Deployed test at [0-9a-f]{7} in [\d.]+s\.\n$/);
    expect(readFileSync(join(out, 'runs.log'), 'utf8')).toBe('ran\n');
    expect(readFileSync(join(out, 'requests'), 'utf8')).toBe('X');
    const [request, ...others] = JSON.parse(readFileSync(join(out, 'requests.json'), 'utf8')) as Array<{ id: string; title: string }>;
    expect(others).toEqual([]);
    expect(request?.id).toBe('X');
    for (const part of ['$(touch', `; rm -rf "$HOME/nothing"`, "'quoted'", '`touch', '"double"']) expect(request?.title).toContain(part);
    expect(readFileSync(join(out, 'vars'), 'utf8')).toBe(`test|${repo.sha('env/test')}|`);
    // The command saw exactly the tree of env/test.
    const files = repo
      .git(['ls-tree', '-r', '--name-only', 'env/test'])
      .split('\n')
      .map((path) => `./${path}`)
      .sort();
    expect(readFileSync(join(out, 'files'), 'utf8').trim().split('\n')).toEqual(files);
    // Nothing the title tried to run ran, anywhere.
    for (const dir of [out, repo.dir, secrets]) expect(allNames(dir).filter((name) => name.includes('pwned'))).toEqual([]);
  }, 120_000);

  it('config-complete refuses a deploy (exit 3) naming the missing keys only, never values, and changes nothing', () => {
    repo.ok(['promote', 'X', '--to', 'prod']);
    writeFileSync(join(secrets, 'prod.env'), 'DATABASE_URL=postgres://app:hunter2@db/shop\n');
    const before = repo.fingerprint();
    const refused = repo.relctl(['deploy', 'prod']);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toBe(
      `relctl: config-complete: prod is missing 1 of 2 config keys listed in .env.example: API_TOKEN; set it in ${join(secrets, 'prod.env')}; then run the command again.\n`,
    );
    expect(`${refused.stdout}${refused.stderr}`).not.toContain('hunter2');
    expect(repo.fingerprint()).toBe(before);
    expect(existsSync(join(out, 'prod.log'))).toBe(false);

    writeFileSync(join(secrets, 'prod.env'), 'DATABASE_URL=postgres://app:hunter2@db/shop\nAPI_TOKEN=tok_live_1\n');
    const deployed = repo.ok(['deploy', 'prod']);
    expect(deployed.stdout).toContain('note: config-complete: prod has every key .env.example lists (2).');
    expect(deployed.stdout).not.toContain('hunter2');
    expect(readFileSync(join(out, 'prod.log'), 'utf8')).toBe('ran prod 1.0.1 X\n');
  }, 120_000);

  it('a broken deploy section is a config error (exit 2) naming environments[i].deploy…; log --deployments lists both', () => {
    const broken = parse(configText) as { environments: Array<Record<string, unknown>> };
    broken.environments[1]!.deploy = { strategy: 'command', timeoutSeconds: -1 };
    writeFileSync(join(repo.dir, 'relctl.config.yaml'), stringify(broken));
    const result = repo.relctl(['log', '--deployments', '--config', 'relctl.config.yaml']);
    writeFileSync(join(repo.dir, 'relctl.config.yaml'), configText);
    expect(result.code).toBe(2);
    // One note (the file is not main's), then one line naming the problem.
    expect(result.stderr).toMatch(
      /^note: using relctl\.config\.yaml, not the config committed on main; .*\nrelctl: Invalid relctl config: environments\[1\]\.deploy\.(command|timeoutSeconds): .* \(first of 2 problems\)\.\n$/,
    );

    const records = JSON.parse(repo.ok(['log', '--deployments', '--json']).stdout) as Array<Record<string, unknown>>;
    expect(records.map((record) => [record.type, record.env, record.ok, record.version, record.requestIds])).toEqual([
      ['deployed', 'prod', true, '1.0.1', ['X']],
      ['deployed', 'test', true, null, ['X']],
    ]);
  }, 120_000);
});
