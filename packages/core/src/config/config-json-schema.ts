import { z } from 'zod';
import { BUILT_IN_RULE_NAMES, ruleOptionSchemas } from '../rules/built-in-rules.js';
import { configSchema, environmentSchema } from './config-schema.js';
import { DEFAULT_ENVIRONMENTS } from './default-environments.js';

const level = z.enum(['error', 'warn']).optional().meta({ description: '`error` (default): failing denies. `warn`: only reported.' });

const documentedRuleEntry = z.union([
  z.enum(BUILT_IN_RULE_NAMES).meta({ description: 'A built-in rule with its default options.' }),
  ...BUILT_IN_RULE_NAMES.map((name) =>
    z.strictObject({ rule: z.literal(name), options: ruleOptionSchemas[name].optional(), level }).meta({ title: name, description: `The built-in rule \`${name}\`.` }),
  ),
  z.string().min(1).meta({ description: 'A custom rule defined in a JS/TS config.' }),
  z
    .strictObject({ rule: z.string().min(1), options: z.record(z.string(), z.unknown()).optional(), level })
    .meta({ title: 'custom rule', description: 'A custom rule defined in a JS/TS config, with its options.' }),
]);

/**
 * The JSON Schema (draft 2020-12) of the configuration as users write it, generated from the
 * same zod schemas `validateConfig` uses, with every built-in rule's options spelled out and the
 * default environments. Feeds the config reference docs and editor completion (`"$schema"`).
 * Cross-field checks (unique names, one release environment, …) are not expressible here.
 *
 * @example
 * ```ts
 * const schema = configJsonSchema();
 * schema.properties.environments.default; // the default environments
 * ```
 */
export function configJsonSchema(): Record<string, unknown> & { properties: Record<string, Record<string, unknown>> } {
  const documented = configSchema.extend({
    environments: z
      .array(
        environmentSchema.extend({
          rules: z.array(documentedRuleEntry).optional().meta({ description: 'Checks every promotion into this environment must pass.' }),
          hotfixRules: z
            .array(documentedRuleEntry)
            .optional()
            .meta(environmentSchema.shape.hotfixRules.meta() ?? {}),
        }),
      )
      .min(1)
      .optional()
      .meta({ description: 'Environments in promotion order.' }),
  });
  const schema = z.toJSONSchema(documented, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & {
    properties: Record<string, Record<string, unknown>>;
  };
  const environments = schema.properties.environments;
  if (environments) environments.default = JSON.parse(JSON.stringify(DEFAULT_ENVIRONMENTS)) as unknown;
  return schema;
}
