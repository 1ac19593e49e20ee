import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, makeTempDir, openTempRepo, startGitHttpServer, type TempRepo } from '@relctl/testing';
import { relctl, refSnapshot, type CliResult } from './cli-harness.js';

interface StatusJson {
  environments: Array<{ name: string; branch: string; tip: string | null; version: string | null }>;
}

/** A PHP service as it runs today: on `master`, no package.json, maybe with release tags. */
const PHP_SERVICE = {
  'index.php': "<?php\nrequire 'orders.php';\necho order_total([]);\n",
  'orders.php': '<?php\nfunction order_total(array $items) { return array_sum($items); }\n',
  'composer.json': '{ "name": "shop/web", "require": { "php": ">=8.1" } }\n',
};

/**
 * A team adopts relctl in a service with years of history (issue 18, part 4): the production
 * branch is `master` (origin's default branch), releases so far are tags `v1.4.2`, and there is no
 * package.json. A teammate's fresh clone of origin is where `relctl init` runs.
 */
async function createLiveService(options: { tags: string[] }): Promise<{ clone: TempRepo; origin: string; remove: () => Promise<void> }> {
  const root = makeTempDir('adopt-origin');
  const origin = join(root, 'origin.git');
  git(root, ['init', '-q', '--bare', '--initial-branch=master', origin]);
  const server = await startGitHttpServer({ root });
  const first = createTempRepo({ branch: 'master' });
  first.commit('The shop as it runs in production', PHP_SERVICE);
  for (const tag of options.tags) first.git(['tag', tag]);
  first.git(['remote', 'add', 'origin', server.url('origin.git')]);
  first.git(['push', '-q', 'origin', 'master', '--tags']);
  first.remove();
  const dir = makeTempDir('adopt-clone');
  git(dir, ['clone', '-q', server.url('origin.git'), 'clone']);
  const clone = openTempRepo(join(dir, 'clone'));
  const remove = async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  };
  return { clone, origin, remove };
}

describe('adopting relctl in a live service on master with tags and no package.json', () => {
  let service: Awaited<ReturnType<typeof createLiveService>>;
  const run = (args: string[]): CliResult => relctl(service.clone.dir, args);
  const ok = (args: string[]): CliResult => {
    const result = run(args);
    expect(result.code, `relctl ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
    return result;
  };

  beforeAll(async () => {
    service = await createLiveService({ tags: ['v1.4.1', 'v1.4.2'] });
  }, 120_000);
  afterAll(async () => service?.remove(), 120_000);

  it("init finds master as origin's default branch, names it, and starts test from it", () => {
    const dry = ok(['init', '--dry-run']);
    expect(dry.stdout).toContain("production branch: master (origin's default branch)");
    const result = ok(['init']);
    expect(result.stdout).toContain("production branch: master (origin's default branch)");
    expect(result.stdout).toMatch(/create branch env\/test for test at master \([0-9a-f]{7}\)/);
    expect(service.clone.git(['rev-parse', 'env/test'])).toBe(service.clone.git(['rev-parse', 'master']));
    const config = readFileSync(join(service.clone.dir, 'relctl.config.yaml'), 'utf8');
    expect(config).toMatch(/^ {4}branch: master$/m);
    expect(config).toContain('from the production branch (master) only');
    expect(existsSync(join(service.clone.dir, 'package.json'))).toBe(false);
  }, 120_000);

  it('once the config is committed, prod is master one commit past 1.4.2, and the first release continues from there', () => {
    service.clone.git(['add', 'relctl.config.yaml', '.changeset']);
    service.clone.git(['commit', '-q', '-m', 'Set up relctl']);
    service.clone.git(['push', '-q', 'origin', 'master']);
    const status = JSON.parse(ok(['status', '--json']).stdout) as StatusJson;
    expect(status.environments.find((env) => env.name === 'prod')).toMatchObject({ branch: 'master', tip: service.clone.git(['rev-parse', 'master']), version: '1.4.2+1' });
    ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--requester', 'Kim', '--bump', 'minor']);
    service.clone.git(['switch', '-q', 'req/A']);
    service.clone.commit('CSV export', { 'export.php': '<?php\nfunction export_csv() { return "id,total\\n"; }\n' });
    service.clone.git(['switch', '-q', 'master']);
    service.clone.git(['push', '-q', 'origin', 'req/A']);
    ok(['promote', 'A', '--to', 'test']);
    ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    const shipped = ok(['promote', 'A', '--to', 'prod']);
    expect(shipped.stdout).toContain('Released v1.5.0 to prod.');
    expect(git(service.origin, ['rev-parse', 'v1.5.0^{commit}'])).toBe(git(service.origin, ['rev-parse', 'master']));
    expect(git(service.origin, ['show', 'master:export.php'])).toContain('export_csv');
    expect(git(service.origin, ['rev-parse', '--verify', '-q', 'refs/heads/main'], { allowFailure: true })).toBe('');
  }, 120_000);
});

describe('adopting relctl in a service with no release tags and no version file', () => {
  let service: Awaited<ReturnType<typeof createLiveService>>;
  const run = (args: string[]): CliResult => relctl(service.clone.dir, args);

  beforeAll(async () => {
    service = await createLiveService({ tags: [] });
  }, 120_000);
  afterAll(async () => service?.remove(), 120_000);

  it('init without --initial-version says where versions will start and how to choose', () => {
    const result = run(['init', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'no release tag v* on master: the first release will count from 0.0.0 (a minor change makes it 0.1.0); to continue from the version you run today, use --initial-version <version>',
    );
  }, 120_000);

  it('a bad --initial-version is refused in one line and changes nothing', () => {
    const before = refSnapshot(service.clone.dir);
    const result = run(['init', '--initial-version', '1.4']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--initial-version "1.4" is not a version like 1.4.2');
    expect(refSnapshot(service.clone.dir)).toBe(before);
    expect(existsSync(join(service.clone.dir, 'relctl.config.yaml'))).toBe(false);
  }, 120_000);

  it('init --initial-version 2.3.0 tags production v2.3.0, and status starts there', () => {
    const result = run(['init', '--initial-version', '2.3.0']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/tag master \([0-9a-f]{7}\) as v2\.3\.0, the version running today/);
    expect(service.clone.git(['rev-parse', 'v2.3.0^{commit}'])).toBe(service.clone.git(['rev-parse', 'master']));
    expect(service.clone.git(['cat-file', '-t', 'v2.3.0'])).toBe('tag');
    expect(result.stdout).toContain('share the tag with the team: git push origin v2.3.0');
    service.clone.git(['add', 'relctl.config.yaml', '.changeset']);
    service.clone.git(['commit', '-q', '-m', 'Set up relctl']);
    service.clone.git(['push', '-q', 'origin', 'master', 'v2.3.0']);
    const status = JSON.parse(run(['status', '--json']).stdout) as StatusJson;
    expect(status.environments.find((env) => env.name === 'prod')?.version).toBe('2.3.0+1'); // one commit (the config) past the tag
  }, 120_000);

  it('--initial-version where a release tag already exists is refused (the tags say the version)', () => {
    const before = refSnapshot(service.clone.dir);
    const result = run(['init', '--initial-version', '3.0.0']);
    expect(result.code).toBe(2);
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('relctl:')),
    ).toHaveLength(1);
    expect(result.stderr).toContain('master already has release tag v2.3.0; relctl continues from it (--initial-version is for a service with no release tags)');
    expect(refSnapshot(service.clone.dir)).toBe(before);
  }, 120_000);
});
