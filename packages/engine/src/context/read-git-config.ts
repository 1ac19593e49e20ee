import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseConfigValue } from '@relctl/git';

/** Options of {@link readGitConfig}. */
export interface ReadGitConfigOptions {
  /** The repository's common git dir (its `config` is the local scope). */
  commonDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `section.key` or `section.subsection.key`, e.g. `user.signingKey` (section and key are case-insensitive). */
  key: string;
  /** Which files to read: the user's (`global`) and the repository's (`local`). Default both. */
  scopes?: ReadonlyArray<'global' | 'local'>;
}

/**
 * The value of one git config key the way git would resolve it from the user's and the
 * repository's config files (the last one wins: local over global), read from the files so that
 * no git binary is needed (each file is read by `@relctl/git`'s `parseConfigValue`). Honours `GIT_CONFIG_GLOBAL`, `XDG_CONFIG_HOME` and `HOME`; include
 * files and the system config are not read. A key written without `=` reads as `true`.
 *
 * @example
 * ```ts
 * readGitConfig({ commonDir: repo.commonDir, env: process.env, key: 'gpg.format' }); // 'ssh' | undefined
 * ```
 */
export function readGitConfig(options: ReadGitConfigOptions): string | undefined {
  const scopes = options.scopes ?? ['global', 'local'];
  let found: string | undefined;
  for (const file of [...(scopes.includes('global') ? globalFiles(options.env) : []), ...(scopes.includes('local') ? [join(options.commonDir, 'config')] : [])]) {
    const value = valueIn(file, options.key);
    if (value !== undefined) found = value;
  }
  return found;
}

function globalFiles(env: ReadGitConfigOptions['env']): string[] {
  if (env.GIT_CONFIG_GLOBAL !== undefined) return env.GIT_CONFIG_GLOBAL === '' ? [] : [env.GIT_CONFIG_GLOBAL];
  const home = env.HOME ?? homedir();
  return [env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, 'git', 'config') : join(home, '.config', 'git', 'config'), join(home, '.gitconfig')];
}

function valueIn(file: string, key: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return parseConfigValue({ text, key });
}
