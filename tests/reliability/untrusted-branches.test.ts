import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, makeTempDir, startGitHttpServer, type GitHttpServer } from '@relctl/testing';
import { report, saveCounts } from './support/mode.js';
import { relctlSync, show, type RelctlRun } from './support/run-relctl.js';
import { createTeam, makeRequest, reliabilityConfig, type Team } from './support/team.js';

/** Everything relctl printed in these tests, to search for secrets. */
const printed: string[] = [];
let commands = 0;
/** Secrets found in output, logs or files (the test fails on any). */
let leaks = 0;

function run(cwd: string, args: string[], env: Record<string, string> = {}): RelctlRun {
  const result = relctlSync(cwd, args, env);
  commands += 1;
  printed.push(result.stdout, result.stderr);
  return result;
}

/** Every file under `dir` (recursively) except the ones named in `skip`, as text. */
function filesUnder(dir: string, skip: (path: string) => boolean): Array<{ path: string; text: string }> {
  const found: Array<{ path: string; text: string }> = [];
  const walk = (here: string): void => {
    for (const name of readdirSync(here)) {
      const full = join(here, name);
      if (skip(full)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else found.push({ path: full, text: readFileSync(full).toString('latin1') });
    }
  };
  walk(dir);
  return found;
}

/**
 * Untrusted branches: a request branch may carry anything. relctl reads its config from the
 * checkout only and never loads or runs code from a request branch — not a JS config, not a
 * changesets changelog module, not a package.json script — while promoting it to test and to prod.
 * And credentials (in a remote URL or in the environment) never show in output, logs or run state.
 */
describe('untrusted request branches and secrets', () => {
  let team: Team;
  let markers = '';

  beforeAll(async () => {
    team = await createTeam({ config: reliabilityConfig({ approved: true }) });
    markers = makeTempDir('markers');
    const touch = (name: string) => `require('node:fs').writeFileSync(${JSON.stringify(join(markers, name))}, 'ran')`;
    const shop = JSON.parse(readFileSync(join(team.seed, 'package.json'), 'utf8')) as Record<string, unknown>;
    const scripts = Object.fromEntries(
      ['preinstall', 'install', 'postinstall', 'prepare', 'preversion', 'version', 'postversion', 'prepublishOnly', 'prerelease', 'release'].map((name) => [
        name,
        `node -e "${touch(`npm-${name}`).replace(/"/g, '\\"')}"`,
      ]),
    );
    makeRequest(team.seed, 'U', {
      extra: {
        // A config that would let U through unapproved, and one that runs code when loaded.
        'relctl.config.yaml': reliabilityConfig({ approved: false }).replace('      - tested-in\n', ''),
        'relctl.config.mjs': `${touch('relctl-config-mjs').replace('require(', "(await import('node:module')).createRequire(import.meta.url)(")};\nexport default { customRules: { evil: () => ({ status: 'pass', message: 'evil' }) } };\n`,
        'relctl.config.cjs': `${touch('relctl-config-cjs')};\nmodule.exports = {};\n`,
        '.changeset/config.json': `${JSON.stringify({ changelog: ['./evil-changelog.cjs', {}], commit: false, access: 'restricted', baseBranch: 'main', ignore: [] }, null, 2)}\n`,
        '.changeset/evil-changelog.cjs': `${touch('changelog-module')};\nmodule.exports = { getReleaseLine: async () => 'evil', getDependencyReleaseLine: async () => '' };\n`,
        'package.json': `${JSON.stringify({ ...shop, scripts }, null, 2)}\n`,
        '.npmrc': 'ignore-scripts=false\n',
      },
    });
    git(team.seed, ['push', '-q', 'origin', 'req/U']);
  });
  afterAll(async () => {
    const ran = existsSync(markers) ? readdirSync(markers).length : 0;
    report(`untrusted: ${commands} relctl runs; markers written by branch code: ${ran}; token leaks found: ${leaks}`);
    saveCounts('untrusted', { commands, markers: ran, leaks });
    await team?.close();
  });

  it('promotes a branch that changes relctl.config.*, .changeset/config.json and package.json scripts without loading or running any of it', () => {
    const dir = team.seed;
    const toTest = run(dir, ['promote', 'U', '--to', 'test']);
    expect(toTest.code, show(toTest)).toBe(0);
    // The checkout's config (approved required) applies, not the branch's (no rules).
    const denied = run(dir, ['promote', 'U', '--to', 'prod']);
    expect(denied.code, show(denied)).toBe(3);
    expect(denied.stderr).toMatch(/rule "approved"/);
    expect(run(dir, ['approve', 'U', '--for', 'prod']).code).toBe(0);
    const shipped = run(dir, ['promote', 'U', '--to', 'prod']);
    expect(shipped.code, show(shipped)).toBe(0);
    expect(shipped.stdout).toContain('Released v1.0.1 to prod.');
    expect(shipped.stdout).not.toContain('evil');
    // U's files are now in production's checkout; relctl still reads relctl.config.yaml (it comes first).
    expect(existsSync(join(dir, 'relctl.config.mjs'))).toBe(true);
    const status = run(dir, ['status']);
    expect(status.code, show(status)).toBe(0);
    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('Request U');
    expect(changelog).not.toContain('evil');
    expect(readdirSync(markers)).toEqual([]);
  });

  describe('secrets', () => {
    const TOKEN = 'tok-7f3a91c2e5d84b60';
    const ENV_TOKEN = 'env-tok-0b1c2d3e4f5a6978';
    const WRONG = 'wrong-tok-99aa88bb77cc';
    let server: GitHttpServer;
    let withUrlToken = '';
    let withEnvToken = '';
    let withWrongToken = '';

    beforeAll(async () => {
      server = await startGitHttpServer({ root: join(team.root, 'served'), token: TOKEN });
      const url = server.url('origin.git');
      for (const [name, remote] of [
        ['url-token', url.replace('http://', `http://ci:${TOKEN}@`)],
        ['env-token', url],
        ['wrong-token', url.replace('http://', `http://ci:${WRONG}@`)],
      ] as const) {
        const dir = join(team.root, name);
        git(team.root, ['clone', '-q', team.url, dir]);
        git(dir, ['remote', 'set-url', 'origin', remote]);
      }
      withUrlToken = join(team.root, 'url-token');
      withEnvToken = join(team.root, 'env-token');
      withWrongToken = join(team.root, 'wrong-token');
      makeRequest(team.seed, 'S1', { base: 'origin/main' });
      makeRequest(team.seed, 'S2', { base: 'origin/main' });
      git(team.seed, ['fetch', '-q', 'origin']);
      git(team.seed, ['push', '-q', 'origin', 'req/S1', 'req/S2']);
    });
    afterAll(async () => server?.close());

    it('never prints a token from the remote URL or the environment, nor writes it to the log or run state', () => {
      // The server takes TOKEN; the other variables hold secrets that must not show either.
      // The server is plain http on loopback: the token goes there only because its host is named.
      const envs = { RELCTL_GIT_TOKEN: TOKEN, GITHUB_TOKEN: ENV_TOKEN, GH_TOKEN: ENV_TOKEN, RELCTL_GIT_TOKEN_HOST: new URL(server.url('origin.git')).host };
      const ok = (cwd: string, args: string[], env: Record<string, string> = {}) => {
        const result = run(cwd, args, env);
        expect(result.code, show(result, args)).toBe(0);
      };
      ok(withUrlToken, ['promote', 'S1', '--to', 'test']);
      ok(withUrlToken, ['status']);
      ok(withUrlToken, ['doctor']);
      ok(withEnvToken, ['promote', 'S2', '--to', 'test'], envs);
      ok(withEnvToken, ['log'], envs);
      ok(withEnvToken, ['request', 'new', 'S3', '--title', 'secret test'], envs);
      for (const args of [
        ['promote', 'S1', '--to', 'prod'],
        ['promote', 'S1', '--to', 'prod', '--json'],
        ['notes', 'S1', '--to', 'prod'],
      ]) {
        // Denied (not approved): the error paths print too.
        run(withUrlToken, args, envs);
      }
      // Wrong credentials: the failure names the problem, not the token.
      const refused = run(withWrongToken, ['promote', 'S1', '--to', 'test'], { RELCTL_GIT_TOKEN: WRONG, RELCTL_GIT_TOKEN_HOST: envs.RELCTL_GIT_TOKEN_HOST });
      expect(refused.code, show(refused)).toBe(2);
      expect(refused.stderr).toMatch(/^relctl: /);
      const noToken = run(withEnvToken, ['promote', 'S1', '--to', 'test']);
      expect(noToken.code, show(noToken)).toBe(2);

      const leaksIn = (text: string) => [TOKEN, ENV_TOKEN, WRONG].filter((secret) => text.includes(secret));
      leaks += printed.flatMap(leaksIn).length;
      expect(printed.flatMap(leaksIn)).toEqual([]);
      for (const dir of [withUrlToken, withEnvToken, withWrongToken]) {
        // .git/config holds the URL the person configured; everything relctl wrote must not.
        const files = filesUnder(join(dir, '.git'), (path) => path.endsWith(`${join('.git', 'config')}`) || path.includes(`${join('.git', 'objects')}`));
        const inFiles = files.filter((file) => leaksIn(file.text).length > 0).map((file) => file.path);
        const inLog = leaksIn(git(dir, ['log', '--all', '--format=%an %ae %B']));
        leaks += inFiles.length + inLog.length;
        expect(inFiles).toEqual([]);
        expect(inLog).toEqual([]);
      }
      const inOrigin = leaksIn(git(team.origin, ['log', '--all', '--format=%an %ae %B']));
      leaks += inOrigin.length;
      expect(inOrigin).toEqual([]);
    });
  });
});
