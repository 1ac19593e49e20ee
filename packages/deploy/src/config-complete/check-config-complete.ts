import { parseEnvKeys } from './parse-env-keys.js';

/**
 * Options of {@link checkConfigComplete}.
 *
 * @example
 * ```ts
 * checkConfigComplete({ env: 'prod', template, templateName: '.env.example', vars: process.env });
 * ```
 */
export interface CheckConfigCompleteOptions {
  /** Environment being checked, named in the message. */
  env: string;
  /** Text of the template (e.g. `.env.example`) listing the required keys. */
  template: string;
  /** How to name the template in messages, e.g. `.env.example`. */
  templateName: string;
  /** The env file providing values, when configured: its text (`null` when the file does not exist) and its path. */
  file?: { name: string; text: string | null };
  /** Process-style variables providing values, when `fromEnv` is configured. */
  vars?: Record<string, string | undefined>;
}

/**
 * Outcome of {@link checkConfigComplete}. Holds key names only, never values.
 *
 * @example
 * ```ts
 * const result: ConfigCompleteResult = checkConfigComplete(options);
 * if (!result.ok) console.error(result.message, result.missing); // key names only, never values
 * ```
 */
export interface ConfigCompleteResult {
  ok: boolean;
  /** Keys the template lists, in template order. */
  required: string[];
  /** Required keys no source gives a non-empty value, in template order. */
  missing: string[];
  /** Template lines that are not keys (line numbers only). */
  invalidTemplateLines: number[];
  /** The configured file does not exist. */
  fileMissing: boolean;
  /** One line for people: what is missing and where to set it. Never contains a value. */
  message: string;
}

/**
 * The `config-complete` check, pure: is every key the template lists given a non-empty value
 * by the env file and/or the variables? Reports missing key NAMES only — values are never read
 * into the result or the message.
 *
 * @example
 * ```ts
 * const result = checkConfigComplete({
 *   env: 'prod', template: 'DB_URL=\nTOKEN=\n', templateName: '.env.example',
 *   file: { name: '/etc/app/prod.env', text: 'DB_URL=postgres://…\n' },
 * });
 * result.missing; // ['TOKEN']
 * ```
 */
export function checkConfigComplete(options: CheckConfigCompleteOptions): ConfigCompleteResult {
  const template = parseEnvKeys({ text: options.template });
  const required = template.keys.map((entry) => entry.key);
  const provided = new Set<string>();
  if (options.file?.text != null) {
    for (const entry of parseEnvKeys({ text: options.file.text }).keys) if (entry.hasValue) provided.add(entry.key);
  }
  for (const [name, value] of Object.entries(options.vars ?? {})) if (value !== undefined && value !== '') provided.add(name);
  const missing = required.filter((key) => !provided.has(key));
  const fileMissing = options.file !== undefined && options.file.text === null;

  const sources = [...(options.file ? [`${options.file.name}${fileMissing ? ' (which does not exist)' : ''}`] : []), ...(options.vars ? ['the environment'] : [])];
  const where = sources.length > 0 ? sources.join(' or ') : 'a configured source (deploy.config.file or fromEnv)';
  const message =
    missing.length === 0
      ? `${options.env} has every key ${options.templateName} lists (${required.length})`
      : `${options.env} is missing ${missing.length} of ${required.length} config key${required.length === 1 ? '' : 's'} listed in ${options.templateName}: ${missing.join(', ')}; set ${missing.length === 1 ? 'it' : 'them'} in ${where}`;
  return { ok: missing.length === 0, required, missing, invalidTemplateLines: template.invalidLines, fileMissing, message };
}
