import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { cosmiconfig, defaultLoaders } from 'cosmiconfig';
import { ConfigError, type GitPort, type Rule } from '@relctl/core';
import type { Repository } from '@relctl/git';
import { CONFIG_SEARCH_PLACES } from './config-search-places.js';
import { findConfigFile, type FoundConfigFile } from './find-config-file.js';
import { findProductionBranch, type ProductionBranch } from './find-production-branch.js';
import { describeConfigSyntaxError } from './describe-config-syntax-error.js';

export { CONFIG_SEARCH_PLACES };

/** A config as found, before validation. */
export interface LoadedConfig {
  /**
   * Where the config lives in this checkout (relative deploy paths resolve from its folder), or
   * `null` when there is none (defaults apply).
   */
  filepath: string | null;
  /** The raw config object, without `customRules`. */
  raw: Record<string, unknown>;
  /** Rules defined as functions in a JS/TS config (`customRules: { name: fn }`). */
  customRules: Record<string, Rule>;
  /** `production`: committed on the production branch; `file`: named by `--config`; `defaults`: none. */
  source: 'production' | 'file' | 'defaults';
  /** The production branch the policy is taken from. */
  productionBranch: string;
  /** How the production branch was found (see `findProductionBranch`). */
  productionBranchFoundBy: ProductionBranch['foundBy'];
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  repo: Repository;
  /** A port to read refs and committed files with (any backend: only objects are read). */
  git: GitPort;
  cwd: string;
  /** Worktree root (or the git dir of a bare repository). */
  root: string;
  /** `--config <file>`: use this file, explicitly, instead of the production branch's config. */
  file?: string;
  /**
   * What to do when the checkout has a config that is not the production branch's: `refuse`
   * (default), or `ignore` it with a note (commands that finish a run relctl itself started in the
   * worktree, where a request branch's files are expected).
   */
  worktree?: 'refuse' | 'ignore';
  env: Readonly<Record<string, string | undefined>>;
  /** Told how the config was chosen when it is not the production branch's committed one (a progress note). */
  note: (message: string) => void;
}

/**
 * The relctl config of this repository: the one committed on the production branch, never the
 * checkout's. A config in the checkout that differs from it (a request branch's, an uncommitted
 * edit) is refused, so no branch decides policy and no branch's code runs; a JS/TS config is run
 * from a copy of the production branch's committed bytes (so only those bytes ever run). `--config
 * <file>` is the explicit way to try another config.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const { repo, git, root } = options;
  const production = await findProductionBranch({
    git,
    commonDir: repo.commonDir,
    env: options.env,
    holdsConfig: async (tip) => (await findConfigFile({ dir: '', read: (path) => git.readFile(tip, path) })) !== null,
  });
  const branch = production.branch;
  if (options.file !== undefined) {
    const loaded = await loadExplicit(options.file);
    const shown = relative(options.cwd, options.file).split(sep).join('/');
    options.note(`using ${shown.startsWith('..') ? options.file : shown}, not the config committed on ${branch}; commit it to ${branch} to make it the team's policy.`);
    return { ...loaded, source: 'file', productionBranch: branch, productionBranchFoundBy: production.foundBy };
  }
  const rel = relative(root, options.cwd).split(sep).join('/');
  const dir = rel.startsWith('..') ? '' : rel;
  const tip = production.tip;
  const committed = tip === null ? null : await findConfigFile({ dir, read: (path) => git.readFile(tip, path) });
  const here = repo.dir === null ? null : await findConfigFile({ dir, read: async (path) => readIfFile(join(root, path)) });
  if (here !== null && !sameConfig(here, committed)) {
    const what =
      committed === null
        ? `${here.path} in this checkout is not on ${branch}${tip === null ? ' (which has no commits yet)' : ''}`
        : committed.path === here.path
          ? `${here.path} in this checkout differs from the one committed on ${branch}`
          : `${here.path} in this checkout is not the config committed on ${branch} (${committed.path})`;
    if (options.worktree === 'ignore') {
      options.note(`${what}; relctl uses ${branch}'s committed config.`);
    } else {
      throw new ConfigError(
        `${what}, and relctl takes its policy only from ${branch} (a branch's files never decide policy or run). Commit the change to ${branch}, run relctl from a checkout of ${branch}, or try the file explicitly with --config ${here.path}.`,
        { file: here.path, productionBranch: branch },
      );
    }
  }
  if (committed === null || tip === null)
    return { filepath: null, raw: {}, customRules: {}, source: 'defaults', productionBranch: branch, productionBranchFoundBy: production.foundBy };
  const filepath = join(root, ...committed.path.split('/'));
  const config = committed.kind === 'data' ? parseData(committed, filepath) : await loadCode({ repo, git, tip, file: committed });
  return { ...split(config, committed.path), filepath, source: 'production', productionBranch: branch, productionBranchFoundBy: production.foundBy };
}

/** The same config: same place, same bytes (line endings aside), or the same `relctl` key of package.json. */
function sameConfig(here: FoundConfigFile, committed: FoundConfigFile | null): boolean {
  if (committed === null || committed.path !== here.path) return false;
  if (here.packageValue !== undefined || committed.packageValue !== undefined) {
    return canonicalJson(here.packageValue) === canonicalJson(committed.packageValue);
  }
  return normalized(here.bytes) === normalized(committed.bytes);
}

function normalized(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1').replace(/\r\n/g, '\n');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function readIfFile(path: string): Uint8Array | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/** A JSON or YAML config (or package.json's `relctl` key), parsed: nothing in it runs. */
function parseData(file: FoundConfigFile, filepath: string): unknown {
  if (file.packageValue !== undefined) return file.packageValue;
  const text = new TextDecoder().decode(file.bytes);
  if (text.trim() === '') return {};
  try {
    return /\.json$/.test(file.path) ? defaultLoaders['.json'](filepath, text) : defaultLoaders['.yaml'](filepath, text);
  } catch (error) {
    throw syntaxError(error, filepath);
  }
}

/**
 * Run a JS/TS config from a copy of the production branch's committed bytes, written (once, named
 * by its content) under `<git dir>/relctl/trusted-config/`: only those bytes ever run, whatever the
 * checkout holds. A `.js` config becomes `.mjs` or `.cjs` as production's nearest package.json says,
 * so the checkout's package.json cannot change how it is read either.
 */
async function loadCode(options: { repo: Repository; git: GitPort; tip: string; file: FoundConfigFile }): Promise<unknown> {
  const { file } = options;
  const ext = file.path.endsWith('.js') ? ((await isModulePackage(options.git, options.tip, file.path)) ? '.mjs' : '.cjs') : file.path.slice(file.path.lastIndexOf('.'));
  const name = `${createHash('sha256').update(file.bytes).digest('hex').slice(0, 32)}${ext}`;
  const copy = writeTrustedCopy(join(options.repo.commonDir, 'relctl', 'trusted-config'), name, file.bytes);
  try {
    const result = await cosmiconfig('relctl', { cache: false }).load(copy);
    return result?.isEmpty ? {} : result?.config;
  } catch (error) {
    throw new ConfigError(`Cannot read the relctl config ${file.path}: ${firstLine(error)}; fix it on the production branch.`, { file: file.path });
  }
}

/** Whether the nearest package.json above `path` in the production tree says `"type": "module"`. */
async function isModulePackage(git: GitPort, tip: string, path: string): Promise<boolean> {
  const parts = path.split('/').slice(0, -1);
  for (let depth = parts.length; depth >= 0; depth--) {
    const prefix = parts.slice(0, depth).join('/');
    const bytes = await git.readFile(tip, prefix === '' ? 'package.json' : `${prefix}/package.json`);
    if (bytes === null) continue;
    try {
      return (JSON.parse(new TextDecoder().decode(bytes)) as { type?: unknown }).type === 'module';
    } catch {
      return false;
    }
  }
  return false;
}

function writeTrustedCopy(dir: string, name: string, bytes: Uint8Array): string {
  for (const folder of [dir, null]) {
    try {
      const target = folder ?? mkdtempSync(join(tmpdir(), 'relctl-config-'));
      mkdirSync(target, { recursive: true });
      const path = join(target, name);
      if (existsSync(path) && Buffer.from(readFileSync(path)).equals(Buffer.from(bytes))) return path;
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, bytes);
      renameSync(temp, path);
      return path;
    } catch (error) {
      if (folder === null) throw error;
      // A read-only repository: a private temporary folder instead.
    }
  }
  throw new Error('unreachable');
}

/** `--config <file>`: the file the person named, loaded as they asked. */
async function loadExplicit(file: string): Promise<Omit<LoadedConfig, 'source' | 'productionBranch' | 'productionBranchFoundBy'>> {
  let result;
  try {
    result = await cosmiconfig('relctl', { searchPlaces: [...CONFIG_SEARCH_PLACES], cache: false }).load(file);
  } catch (error) {
    throw syntaxError(error, file);
  }
  if (!result || result.isEmpty) return { filepath: result?.filepath ?? file, raw: {}, customRules: {} };
  return { ...split(result.config, result.filepath), filepath: result.filepath };
}

function split(config: unknown, file: string): { raw: Record<string, unknown>; customRules: Record<string, Rule> } {
  if (config === undefined || config === null) return { raw: {}, customRules: {} };
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigError(`${file} must hold an object of settings; see "relctl init" for an example.`, { file });
  }
  const { customRules = {}, ...raw } = config as Record<string, unknown>;
  if (typeof customRules !== 'object' || customRules === null || Object.values(customRules).some((rule) => typeof rule !== 'function')) {
    throw new ConfigError(`customRules in ${file} must map rule names to functions.`, { file });
  }
  return { raw, customRules: customRules as Record<string, Rule> };
}

/** A config that does not parse: one line with the file, the line and column when known, and why. */
function syntaxError(error: unknown, file: string): ConfigError {
  const syntax = describeConfigSyntaxError(error);
  return new ConfigError(`Cannot read the relctl config: ${syntax.message}; fix the file's syntax.`, {
    file: syntax.file ?? file,
    line: syntax.line,
    column: syntax.column,
    cause: syntax.cause,
  });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
