import { z } from 'zod';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** A short, value-free description of what was found (never echoes strings, which may be secrets). */
function describeFound(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'string') return input === '' ? 'an empty string' : 'a string';
  if (typeof input === 'number') return `the number ${input}`;
  if (typeof input === 'boolean') return String(input);
  return `${typeof input === 'object' ? 'an object' : typeof input}`;
}

/**
 * The zod error map of the deploy settings: one line saying what is wrong and what is allowed.
 * Messages set on a schema itself win. Returns `undefined` to keep zod's own message.
 *
 * @example
 * ```ts
 * deploySettingsSchema.safeParse(input, { error: deployErrorMap, reportInput: true });
 * ```
 */
export function deployErrorMap(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `is required: expected ${expected}` : `expected ${expected}, got ${describeFound(issue.input)}`;
    }
    case 'invalid_union': {
      if (issue.note === 'No matching discriminator') {
        const options = ((issue as { options?: unknown[] }).options ?? []).map((option) => JSON.stringify(option)).join(' or ');
        const found = (issue.input as Record<string, unknown> | undefined)?.['strategy'];
        return found === undefined
          ? `is required: use ${options}`
          : `${typeof found === 'string' ? JSON.stringify(found) : describeFound(found)} is not a strategy: use ${options}`;
      }
      return 'expected a list of strings (program and arguments, run without a shell) or one command string (run by sh -c)';
    }
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return 'must list at least the program to run';
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}, got ${describeFound(issue.input)}`;
    case 'too_big':
      return `must be at most ${issue.maximum}, got ${describeFound(issue.input)}`;
    case 'unrecognized_keys': {
      const shape = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
      const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}: allowed keys here are ${shape.join(', ')}`;
    }
    default:
      return undefined;
  }
}
