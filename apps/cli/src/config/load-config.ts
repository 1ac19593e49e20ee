import { cosmiconfig } from 'cosmiconfig';
import { ConfigError, type Rule } from '@relctl/core';
import { describeConfigSyntaxError } from './describe-config-syntax-error.js';

/** Where cosmiconfig looks, in order: the same names `relctl init` can write. */
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  'relctl.config.json',
  'relctl.config.yaml',
  'relctl.config.yml',
  'relctl.config.js',
  'relctl.config.mjs',
  'relctl.config.cjs',
  'relctl.config.ts',
];

/** A config as found on disk, before validation. */
export interface LoadedConfig {
  /** File it came from, or `null` when there is none (defaults apply). */
  filepath: string | null;
  /** The raw config object, without `customRules`. */
  raw: Record<string, unknown>;
  /** Rules defined as functions in a JS/TS config (`customRules: { name: fn }`). */
  customRules: Record<string, Rule>;
}

/**
 * Find the relctl config of the current checkout (never of a request branch: only files on disk
 * here are read), from `cwd` up to the repository root.
 */
export async function loadConfig(options: { cwd: string; stopDir: string; file?: string }): Promise<LoadedConfig> {
  const explorer = cosmiconfig('relctl', { searchPlaces: CONFIG_SEARCH_PLACES, stopDir: options.stopDir, cache: false });
  let result;
  try {
    result = options.file ? await explorer.load(options.file) : await explorer.search(options.cwd);
  } catch (error) {
    const syntax = describeConfigSyntaxError(error);
    throw new ConfigError(`Cannot read the relctl config: ${syntax.message}; fix the file's syntax.`, {
      file: syntax.file ?? options.file ?? null,
      line: syntax.line,
      column: syntax.column,
      cause: syntax.cause,
    });
  }
  if (!result || result.isEmpty) return { filepath: result?.filepath ?? null, raw: {}, customRules: {} };
  const config: unknown = result.config;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError(`${result.filepath} must hold an object of settings; see "relctl init" for an example.`, {
      file: result.filepath,
    });
  }
  const { customRules = {}, ...raw } = config as Record<string, unknown>;
  if (typeof customRules !== 'object' || customRules === null || Object.values(customRules).some((rule) => typeof rule !== 'function')) {
    throw new ConfigError(`customRules in ${result.filepath} must map rule names to functions.`, { file: result.filepath });
  }
  return { filepath: result.filepath, raw, customRules: customRules as Record<string, Rule> };
}
