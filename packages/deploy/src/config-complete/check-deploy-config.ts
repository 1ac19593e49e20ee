import { readFile, realpath } from 'node:fs/promises';
import { relative, resolve, isAbsolute } from 'node:path';
import { ConfigError, NotFoundError, type GitPort, type Sha } from '@relctl/core';
import type { DeployConfigSettings } from '../settings/deploy-settings-schema.js';
import { checkConfigComplete, type ConfigCompleteResult } from './check-config-complete.js';

/**
 * Options of {@link checkDeployConfig}.
 *
 * @example
 * ```ts
 * await checkDeployConfig({ git, commit: sha, config: { template: '.env.example', fromEnv: true }, env: 'prod', vars: process.env });
 * ```
 */
export interface CheckDeployConfigOptions {
  git: GitPort;
  /** The commit about to be promoted or deployed: the template is read from its tree. */
  commit: Sha;
  /** `deploy.config` of the environment. */
  config: DeployConfigSettings;
  env: string;
  /** Variables used when `config.fromEnv` is true. Default `process.env`. */
  vars?: Record<string, string | undefined>;
  /** The repository's worktree; an env file inside it is refused (secrets stay out of the repository). */
  repoDir?: string;
}

async function real(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The `config-complete` check with its inputs loaded: the template from the tree of `commit`
 * (through the {@link GitPort}, so it is the template of exactly what ships), the env file from
 * outside the repository, and the variables when `fromEnv` is set. Reports missing key names
 * only. A template missing from the commit is a `NotFoundError`; an env file inside `repoDir`
 * is a `ConfigError`; an env file that does not exist counts as giving no keys.
 *
 * @example
 * ```ts
 * const result = await checkDeployConfig({ git, commit: sha, env: 'prod', config: settings.config!, repoDir: process.cwd() });
 * if (!result.ok) throw new RuleDeniedError(result.message, { missing: result.missing });
 * ```
 */
export async function checkDeployConfig(options: CheckDeployConfigOptions): Promise<ConfigCompleteResult> {
  const { config, env } = options;
  const templateBytes = await options.git.readFile(options.commit, config.template);
  if (templateBytes === null) {
    throw new NotFoundError(`${config.template} is not in ${options.commit.slice(0, 12)}; commit the template or fix deploy.config.template of ${env}.`, {
      env,
      template: config.template,
      commit: options.commit,
    });
  }
  let file: { name: string; text: string | null } | undefined;
  if (config.file !== undefined) {
    if (options.repoDir !== undefined) {
      const inside = relative(await real(options.repoDir), await real(config.file));
      if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
        throw new ConfigError(`deploy.config.file of ${env} (${config.file}) is inside the repository; move it outside so secrets are never committed.`, {
          env,
          file: config.file,
        });
      }
    }
    let text: string | null;
    try {
      text = await readFile(config.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        throw new ConfigError(`cannot read deploy.config.file of ${env} (${config.file}): ${code ?? 'error'}; make it readable by the user running relctl.`, {
          env,
          file: config.file,
          code: code ?? null,
        });
      }
      text = null;
    }
    file = { name: config.file, text };
  }
  return checkConfigComplete({
    env,
    template: new TextDecoder().decode(templateBytes),
    templateName: config.template,
    ...(file ? { file } : {}),
    ...(config.fromEnv ? { vars: options.vars ?? process.env } : {}),
  });
}
