/**
 * Options of {@link parseConfigValue}.
 *
 * @example
 * ```ts
 * const options: ParseConfigValueOptions = { text: '[user]\n\tsigningKey = ~/.ssh/id.pub\n', key: 'user.signingKey' };
 * ```
 */
export interface ParseConfigValueOptions {
  /** The text of one git config file. */
  text: string;
  /**
   * `section.key` or `section.subsection.key`, e.g. `core.bare`, `remote.origin.url` (section and
   * key are case-insensitive, the subsection is not).
   */
  key: string;
}

/**
 * The last value of `key` in the text of a git config file, or `undefined`: git's own reading of
 * one file, without running git. A key written without `=` reads as `true`; quotes, `\n`, `\t`
 * and backslash escapes are decoded and a `#` or `;` comment outside quotes ends the value.
 * `[section "sub"]` and the old spelling `[section.sub]` (subsection lower-cased) both name a
 * subsection. Include files are not followed. Pure: the caller reads the file.
 *
 * @example
 * ```ts
 * parseConfigValue({ text: '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://x/y.git\n', key: 'remote.origin.url' });
 * // 'https://x/y.git'
 * ```
 */
export function parseConfigValue(options: ParseConfigValueOptions): string | undefined {
  const { text, key } = options;
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  const wantSection = key.slice(0, first).toLowerCase();
  // The subsection is case-sensitive in git; section and key names are not.
  const wantSub = first === last ? null : key.slice(first + 1, last);
  const wantName = key.slice(last + 1).toLowerCase();
  let section = '';
  let sub: string | null = null;
  let found: string | undefined;
  for (const raw of text.split('\n')) {
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
