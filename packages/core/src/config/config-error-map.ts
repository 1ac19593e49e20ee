import { z } from 'zod';
import { closestName } from './closest-name.js';
import { describeValue } from './describe-value.js';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
  null: 'null',
};

const quoteAll = (values: readonly unknown[]): string => values.map((value) => JSON.stringify(value)).join(', ');

/**
 * The zod error map every config check uses: each message says what is wrong and what is
 * allowed, naming the value found (the parse must run with `reportInput: true`). Messages set on
 * a schema itself take precedence. Returns `undefined` to fall back to zod's own message.
 *
 * @example
 * ```ts
 * schema.safeParse(input, { error: configErrorMap, reportInput: true });
 * ```
 */
export function configErrorMap(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `is required: expected ${expected}` : `expected ${expected}, got ${describeValue(issue.input)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${quoteAll(issue.values)}, got ${describeValue(issue.input)}`
        : `${describeValue(issue.input)} is not allowed: use one of ${quoteAll(issue.values)}`;
    case 'too_small': {
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `must list at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      const bound = issue.inclusive ? `at least ${issue.minimum}` : `greater than ${issue.minimum}`;
      return `must be ${bound}, got ${describeValue(issue.input)}`;
    }
    case 'too_big': {
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === 'array') return `must list at most ${issue.maximum} items`;
      const bound = issue.inclusive ? `at most ${issue.maximum}` : `less than ${issue.maximum}`;
      return `must be ${bound}, got ${describeValue(issue.input)}`;
    }
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? `text matching ${issue.pattern ?? 'the pattern'}` : `a ${issue.format}`}, got ${describeValue(issue.input)}`;
    case 'unrecognized_keys': {
      const shape = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
      const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
      const first = issue.keys[0];
      const suggestion = first === undefined ? undefined : closestName({ name: first, candidates: shape });
      const allowed = shape.length > 0 ? `allowed keys here are ${shape.join(', ')}` : 'no keys are allowed here';
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: ${allowed}`;
    }
    default:
      return undefined;
  }
}
