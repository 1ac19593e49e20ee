/**
 * One key of an env file or template. Values are never kept: only whether there is one.
 *
 * @example
 * ```ts
 * const key: EnvKey = { key: 'DATABASE_URL', line: 2, hasValue: false };
 * ```
 */
export interface EnvKey {
  key: string;
  /** 1-based line the key is on. */
  line: number;
  /** The line gives the key a non-empty value. */
  hasValue: boolean;
}

/**
 * Options of {@link parseEnvKeys}.
 *
 * @example
 * ```ts
 * const { keys } = parseEnvKeys({ text: await readFile('.env.example', 'utf8') });
 * ```
 */
export interface ParseEnvKeysOptions {
  /** Text of a `.env`-style file (`KEY=value`, `export KEY=value`, `# comments`). */
  text: string;
}

/**
 * What {@link parseEnvKeys} found.
 *
 * @example
 * ```ts
 * const { keys, invalidLines }: ParsedEnvKeys = parseEnvKeys({ text: 'DB_URL=\nnot a line\n' });
 * // keys: [{ key: 'DB_URL', line: 1, hasValue: false }], invalidLines: [2]
 * ```
 */
export interface ParsedEnvKeys {
  /** Keys in file order; a key set twice appears once, with its last line. */
  keys: EnvKey[];
  /** 1-based lines that are neither blank, a comment, nor a key (their text is not reported). */
  invalidLines: number[];
}

const KEY_LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:(=)\s*(.*))?$/;

/**
 * The keys an env file or template defines, never their values: blank lines and `#` comments
 * are skipped, `export ` is allowed, `KEY=` (or a bare `KEY` in a template) is a key without a
 * value, and a quoted value may span lines (`KEY="a\nb"`), so a line inside it is not taken for
 * a key. Lines that are none of these are listed by number only.
 *
 * @example
 * ```ts
 * parseEnvKeys({ text: '# db\nexport DATABASE_URL=\nAPI_TOKEN=abc\n' }).keys;
 * // [{ key: 'DATABASE_URL', line: 2, hasValue: false }, { key: 'API_TOKEN', line: 3, hasValue: true }]
 * ```
 */
export function parseEnvKeys(options: ParseEnvKeysOptions): ParsedEnvKeys {
  const lines = options.text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const keys = new Map<string, EnvKey>();
  const invalidLines: number[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').trim();
    const number = index + 1;
    if (line === '' || line.startsWith('#')) continue;
    const match = KEY_LINE.exec(line);
    if (!match?.[1]) {
      invalidLines.push(number);
      continue;
    }
    const key = match[1];
    let value = (match[3] ?? '').trim();
    let hasValue: boolean;
    const quote = value[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let body = value.slice(1);
      let close = closingQuote(body, quote);
      while (close < 0 && index + 1 < lines.length) {
        index += 1;
        body += `\n${lines[index] ?? ''}`;
        close = closingQuote(body, quote);
      }
      hasValue = (close < 0 ? body : body.slice(0, close)) !== '';
    } else {
      value = value.replace(/(^|\s)#.*$/, '').trim();
      hasValue = value !== '';
    }
    keys.delete(key);
    keys.set(key, { key, line: number, hasValue });
  }
  return { keys: [...keys.values()], invalidLines };
}

function closingQuote(body: string, quote: string): number {
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char === '\\' && quote === '"') {
      index += 1;
      continue;
    }
    if (char === quote) return index;
  }
  return -1;
}
