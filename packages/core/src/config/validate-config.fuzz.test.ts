import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelctlError } from '../errors/index.js';
import { assertValidConfig } from './assert-valid-config.js';
import { validateConfig } from './validate-config.js';

const RULES = ['tested-in', 'approved', 'soak', 'freeze', 'depends-on', 'changeset', 'clean-merge', 'max-age', 'verified-candidate', 'custom-x', ''];
const NAMES = ['test', 'prod', 'staging', 'TEST', '', ' ', '..', 'a'.repeat(70)];

/** Anything a YAML/JSON config file can hold, plus values only a JS config can (undefined, functions, symbols-free). */
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  // eslint-disable-next-line no-loss-of-precision -- 1e309 as a config file writes it (it reads as Infinity)
  fc.constantFrom(undefined, null, NaN, Infinity, -0, 1e309, '', '__proto__', 'constructor', () => 1, new Date(0), [], {}),
);
const text = fc.oneof(fc.constantFrom(...NAMES, 'env/test', 'main', 'req/', 'v', 'origin', 'a..b', 'x.lock', 'refs/heads/x', '-x', 'a b', 'ü'), fc.string({ maxLength: 20 }));
const ruleEntry = fc.oneof(
  fc.constantFrom(...RULES),
  fc.record(
    {
      rule: fc.oneof(fc.constantFrom(...RULES), value),
      level: fc.oneof(fc.constantFrom('error', 'warn', 'info'), value),
      options: fc.oneof(
        fc.record(
          {
            hours: fc.oneof(fc.integer({ min: -5, max: 500 }), value),
            days: value,
            by: fc.oneof(fc.constantFrom('requester'), fc.array(text, { maxLength: 3 }), value),
            count: fc.oneof(fc.integer({ min: -1, max: 4 }), value),
            windows: value,
            timezone: fc.oneof(fc.constantFrom('UTC', 'Asia/Seoul', 'Mars/Base'), value),
            deployedTo: value,
          },
          { requiredKeys: [] },
        ),
        value,
      ),
    },
    { requiredKeys: [] },
  ),
  value,
);
const environment = fc.oneof(
  fc.record(
    {
      name: fc.oneof(fc.constantFrom(...NAMES), value),
      kind: fc.oneof(fc.constantFrom('integration', 'release', 'Release'), value),
      branch: fc.oneof(text, value),
      source: fc.oneof(fc.constantFrom(...NAMES), value),
      base: fc.oneof(fc.constantFrom(...NAMES), value),
      rules: fc.oneof(fc.array(ruleEntry, { maxLength: 4 }), value),
      deploy: value,
      extra: value,
    },
    { requiredKeys: [] },
  ),
  value,
);
/** Config-shaped objects: the real keys (mostly) with values of every kind, and stray keys. */
const config = fc.record(
  {
    requestPrefix: fc.oneof(text, value),
    tagPrefix: fc.oneof(text, value),
    remote: fc.oneof(text, fc.constant(null), value),
    git: fc.oneof(fc.record({ backend: fc.oneof(fc.constantFrom('auto', 'system', 'isomorphic'), value) }, { requiredKeys: [] }), value),
    environments: fc.oneof(fc.array(environment, { maxLength: 4 }), value),
    colour: value,
    ['__proto__']: value,
  },
  { requiredKeys: [] },
);

/** A valid config (the defaults spelled out) with one key replaced by something else: mostly near misses. */
const VALID = {
  requestPrefix: 'req/',
  tagPrefix: 'v',
  remote: 'origin',
  environments: [
    { name: 'test', kind: 'integration', branch: 'env/test', rules: [{ rule: 'max-age', level: 'warn', options: { days: 30 } }] },
    { name: 'prod', kind: 'release', branch: 'main', source: 'test', rules: ['tested-in', 'approved', 'changeset', 'depends-on', 'clean-merge'] },
  ],
};
const nearMiss = fc
  .tuple(
    fc.constantFrom('requestPrefix', 'tagPrefix', 'remote', 'env0.name', 'env0.kind', 'env0.branch', 'env1.source', 'env1.rules', 'env0.rules', 'env1.base', 'none'),
    fc.oneof(text, value),
  )
  .map(([where, replacement]) => {
    const copy = JSON.parse(JSON.stringify(VALID)) as Record<string, unknown> & { environments: Array<Record<string, unknown>> };
    const [first, key] = where.split('.');
    if (where === 'none') return copy;
    if (key === undefined) copy[first as string] = replacement;
    else (copy.environments[first === 'env0' ? 0 : 1] as Record<string, unknown>)[key] = replacement;
    return copy;
  });

/** Config fuzz: structured, near-miss and arbitrary inputs. */
const CONFIG_FUZZ_RUNS = 1000;

describe('config validator (fuzz)', () => {
  it('answers every input with a policy or with issues that each name a path and say what is wrong, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof({ weight: 4, arbitrary: config }, { weight: 4, arbitrary: nearMiss }, { weight: 2, arbitrary: value }),
        fc.array(fc.constantFrom('custom-x', 'tested-in', ''), { maxLength: 2 }),
        (input, customRules) => {
          const started = performance.now();
          const result = validateConfig({ input, customRules });
          expect(performance.now() - started).toBeLessThan(500);
          if (result.ok) {
            expect(result.policy.environments.filter((env) => env.kind === 'release')).toHaveLength(1);
            expect(() => JSON.stringify(result.policy)).not.toThrow();
          } else {
            expect(result.issues.length).toBeGreaterThan(0);
            for (const issue of result.issues) {
              expect(typeof issue.path).toBe('string');
              expect(issue.message.trim()).not.toBe('');
              expect(issue.message).not.toContain('\n');
            }
          }
          // The throwing variant agrees and throws only relctl's typed errors.
          let thrown: unknown = null;
          try {
            assertValidConfig({ input, customRules });
          } catch (error) {
            thrown = error;
          }
          expect(thrown === null).toBe(result.ok);
          if (thrown !== null) {
            expect(thrown).toBeInstanceOf(RelctlError);
            expect((thrown as RelctlError).code).toBe('ConfigError');
            expect((thrown as RelctlError).message.split('\n')).toHaveLength(1);
          }
        },
      ),
      { numRuns: CONFIG_FUZZ_RUNS },
    );
  });

  it('never lets an input change Object.prototype', () => {
    fc.assert(
      fc.property(config, (input) => {
        validateConfig({ input: JSON.parse(JSON.stringify(input ?? {}).replace(/"colour"/g, '"__proto__"')) as unknown });
        expect(({} as Record<string, unknown>)['environments']).toBeUndefined();
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
