import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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
 * no git binary is needed. Honours `GIT_CONFIG_GLOBAL`, `XDG_CONFIG_HOME` and `HOME`; include
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
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  const wantSection = key.slice(0, first).toLowerCase();
  // The subsection is case-sensitive in git; section and key names are not.
  const wantSub = first === last ? null : key.slice(first + 1, last);
  const wantName = key.slice(last + 1).toLowerCase();
  let section = '';
  let sub: string | null = null;
  let found: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(line);
    if (header) {
      const name = header[1] ?? '';
      const dot = name.indexOf('.');
      // `[section.sub]` is the old spelling of `[section "sub"]` (subsection lower-cased).
      section = (dot < 0 ? name : name.slice(0, dot)).toLowerCase();
      sub = header[2] !== undefined ? header[2].replace(/\\(.)/g, '$1') : dot < 0 ? null : name.slice(dot + 1).toLowerCase();
      line = (header[3] ?? '').trim();
      if (line === '') continue;
    }
    if (line === '' || line.startsWith('#') || line.startsWith(';') || section !== wantSection || sub !== wantSub) continue;
    const match = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!match || match[1]?.toLowerCase() !== wantName) continue;
    found = match[2] === undefined ? 'true' : decode(match[2]);
  }
  return found;
}

function decode(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '#' || c === ';')) break;
    else if (c === '\\' && i + 1 < raw.length) {
      const next = raw[++i];
      out += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
    } else out += c;
  }
  return quoted ? out : out.trim();
}
