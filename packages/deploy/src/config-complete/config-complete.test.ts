import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, NotFoundError } from '@relctl/core';
import { createSystemGitPort, type SystemGitPort } from '@relctl/git';
import { createTempRepo, makeTempDir, type TempRepo } from '@relctl/testing';
import { checkConfigComplete } from './check-config-complete.js';
import { checkDeployConfig } from './check-deploy-config.js';
import { parseEnvKeys } from './parse-env-keys.js';

const TEMPLATE = [
  '# Database',
  'DATABASE_URL=postgres://localhost/dev',
  'export API_TOKEN=',
  '',
  '  # indented comment',
  'SMTP_HOST= # set per environment',
  'FEATURE_FLAGS',
  'not a key line',
  'MULTI="first',
  'NOT_A_KEY=inside quotes',
  'end"',
  'LAST=x',
].join('\n');

describe('parseEnvKeys', () => {
  it('finds keys and whether they have a value, never the values', () => {
    const parsed = parseEnvKeys({ text: `\uFEFF${TEMPLATE}\r\n` });
    expect(parsed.keys).toEqual([
      { key: 'DATABASE_URL', line: 2, hasValue: true },
      { key: 'API_TOKEN', line: 3, hasValue: false },
      { key: 'SMTP_HOST', line: 6, hasValue: false },
      { key: 'FEATURE_FLAGS', line: 7, hasValue: false },
      { key: 'MULTI', line: 9, hasValue: true },
      { key: 'LAST', line: 12, hasValue: true },
    ]);
    expect(parsed.invalidLines).toEqual([8]);
    expect(JSON.stringify(parsed)).not.toContain('postgres');
  });

  it('reads quoted values, including empty ones and escaped quotes', () => {
    const parsed = parseEnvKeys({ text: `A=""\nB='x'\nC="a \\" b"\nD=\`\`\nE=" "` });
    expect(parsed.keys.map((entry) => [entry.key, entry.hasValue])).toEqual([
      ['A', false],
      ['B', true],
      ['C', true],
      ['D', false],
      ['E', true],
    ]);
  });
});

describe('checkConfigComplete', () => {
  const SECRETS = ['s3cr3t-db-password', 'tok_live_ABCDEF', 'smtp.internal.example', 'hunter2'];

  it('reports missing key names from the file and the environment together, never values', () => {
    const result = checkConfigComplete({
      env: 'prod',
      template: `DATABASE_URL=${SECRETS[3]}\nAPI_TOKEN=\nSMTP_HOST=\nFEATURE_FLAGS=\n`,
      templateName: '.env.example',
      file: { name: '/etc/app/prod.env', text: `DATABASE_URL=postgres://u:${SECRETS[0]}@db/app\nSMTP_HOST=\nbroken ${SECRETS[2]} line\n` },
      vars: { API_TOKEN: SECRETS[1], SMTP_HOST: '', PATH: '/usr/bin' },
    });
    expect(result).toMatchObject({ ok: false, required: ['DATABASE_URL', 'API_TOKEN', 'SMTP_HOST', 'FEATURE_FLAGS'], missing: ['SMTP_HOST', 'FEATURE_FLAGS'] });
    expect(result.message).toBe('prod is missing 2 of 4 config keys listed in .env.example: SMTP_HOST, FEATURE_FLAGS; set them in /etc/app/prod.env or the environment');
    const everything = JSON.stringify(result);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });

  it('is ok when every key has a value, and says when the file does not exist', () => {
    expect(checkConfigComplete({ env: 'test', template: 'A=\nB=\n', templateName: '.env.example', vars: { A: '1', B: '2' } })).toMatchObject({
      ok: true,
      missing: [],
      message: 'test has every key .env.example lists (2)',
    });
    const missingFile = checkConfigComplete({ env: 'test', template: 'A=\n', templateName: 't', file: { name: '/etc/none.env', text: null } });
    expect(missingFile).toMatchObject({ ok: false, fileMissing: true, missing: ['A'] });
    expect(missingFile.message).toContain('/etc/none.env (which does not exist)');
  });
});

describe('checkDeployConfig', () => {
  let repo: TempRepo;
  let git: SystemGitPort;
  let outside: string;
  let sha: string;

  beforeAll(() => {
    repo = createTempRepo();
    sha = repo.commit('init', { '.env.example': 'DATABASE_URL=\nAPI_TOKEN=\n', 'config/other.env': 'X=\n' });
    git = createSystemGitPort({ cwd: repo.dir });
    outside = makeTempDir('secrets');
  });
  afterAll(() => {
    git.close();
    repo.remove();
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads the template from the commit and the values from a file outside the repository', async () => {
    const file = join(outside, 'prod.env');
    writeFileSync(file, 'DATABASE_URL=postgres://very-secret@db/app\n');
    const result = await checkDeployConfig({ git, commit: sha, env: 'prod', config: { template: '.env.example', file }, repoDir: repo.dir });
    expect(result).toMatchObject({ ok: false, missing: ['API_TOKEN'] });
    expect(JSON.stringify(result)).not.toContain('very-secret');
    const withEnv = await checkDeployConfig({
      git,
      commit: sha,
      env: 'prod',
      config: { template: '.env.example', file, fromEnv: true },
      vars: { API_TOKEN: 'tok' },
    });
    expect(withEnv.ok).toBe(true);
  });

  it('refuses an env file inside the repository and a template missing from the commit', async () => {
    mkdirSync(join(repo.dir, 'secrets'), { recursive: true });
    const inside = join(repo.dir, 'secrets', 'prod.env');
    writeFileSync(inside, 'DATABASE_URL=x\n');
    await expect(checkDeployConfig({ git, commit: sha, env: 'prod', config: { template: '.env.example', file: inside }, repoDir: repo.dir })).rejects.toBeInstanceOf(ConfigError);
    await expect(checkDeployConfig({ git, commit: sha, env: 'prod', config: { template: '.env.prod.example', fromEnv: true }, vars: {} })).rejects.toBeInstanceOf(NotFoundError);
  });
});
