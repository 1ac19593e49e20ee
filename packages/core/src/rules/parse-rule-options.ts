import type { z } from 'zod';
import { ConfigError } from '../errors/index.js';

/** Options of {@link parseRuleOptions}. */
export interface ParseRuleOptionsOptions<S extends z.ZodType> {
  /** Rule name, for the error message. */
  rule: string;
  schema: S;
  options: Record<string, unknown>;
}

/**
 * Parse a built-in rule's options with its schema (filling defaults). A policy made by
 * `validateConfig` always passes; a hand-made policy with bad options gets a ConfigError.
 *
 * @throws ConfigError when the options do not match the schema.
 * @example
 * ```ts
 * const { hours } = parseRuleOptions({ rule: 'soak', schema: soakOptionsSchema, options: { hours: 24 } });
 * ```
 */
export function parseRuleOptions<S extends z.ZodType>(options: ParseRuleOptionsOptions<S>): z.output<S> {
  const parsed = options.schema.safeParse(options.options);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  throw new ConfigError(`Invalid options for rule "${options.rule}"${where}: ${first?.message ?? 'invalid'}; fix them in the config (validateConfig lists every problem).`, {
    rule: options.rule,
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
  });
}
