import { join } from 'node:path';
import type { Repository } from '../repo/repository.js';

/**
 * Options of {@link readConfigValue}.
 *
 * @example
 * ```ts
 * const options: ReadConfigValueOptions = { repo, key: 'relctl.offline' };
 * ```
 */
export interface ReadConfigValueOptions {
  repo: Repository;
  /** `section.key` without subsection, e.g. `core.logAllRefUpdates` (case-insensitive). */
  key: string;
}

/**
 * The last value of a plain `section.key` in the repository's `config` (`<commonDir>/config`), or
 * `undefined`. A key written without `=` reads as `true`, as git reads it. Quotes and backslash
 * escapes are decoded; include files and global config are not read.
 *
 * @example
 * ```ts
 * const bare = await readConfigValue({ repo, key: 'core.bare' }); // 'true' | 'false' | undefined
 * ```
 */
export async function readConfigValue({ repo, key }: ReadConfigValueOptions): Promise<string | undefined> {
  let text: string;
  try {
    text = await repo.fs.promises.readFile(join(repo.commonDir, 'config'), 'utf8');
  } catch {
    return undefined;
  }
  const dot = key.indexOf('.');
  const wantSection = key.slice(0, dot).toLowerCase();
  const wantName = key.slice(dot + 1).toLowerCase();
  let section = '';
  let found: string | undefined;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)(\s+"[^"]*")?\s*\](.*)$/.exec(line);
    if (header) {
      section = header[2] ? `${header[1]?.toLowerCase()} sub` : (header[1] ?? '').toLowerCase();
      line = (header[3] ?? '').trim();
      if (line === '') continue;
    }
    if (line === '' || line.startsWith('#') || line.startsWith(';') || section !== wantSection) continue;
    const match = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!match || match[1]?.toLowerCase() !== wantName) continue;
    found = match[2] === undefined ? 'true' : decodeValue(match[2]);
  }
  return found;
}

function decodeValue(raw: string): string {
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
  return quoted ? out : out.trimEnd();
}
