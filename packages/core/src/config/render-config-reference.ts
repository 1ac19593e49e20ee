import { z } from 'zod';
import { BUILT_IN_RULE_NAMES, ruleOptionSchemas } from '../rules/built-in-rules.js';
import { configSchema, environmentSchema, ruleEntrySchema } from './config-schema.js';
import { configJsonSchema } from './config-json-schema.js';
import { DEFAULT_ENVIRONMENTS } from './default-environments.js';

/** A JSON Schema node, as `z.toJSONSchema` writes it. */
type Schema = Record<string, unknown>;

/** One documented key. */
interface Row {
  key: string;
  type: string;
  required: string;
  defaultValue: string;
  allowed: string;
  description: string;
}

const REGENERATE = 'RELCTL_UPDATE_DOCS=1 npx vitest run packages/core/src/config/render-config-reference.test.ts';

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const schemaList = (value: unknown): Schema[] => (Array.isArray(value) ? value.filter(isSchema) : []);
const propertiesOf = (schema: Schema): [string, Schema][] =>
  isSchema(schema['properties']) ? Object.entries(schema['properties']).filter((entry): entry is [string, Schema] => isSchema(entry[1])) : [];
const requiredOf = (schema: Schema): string[] => (Array.isArray(schema['required']) ? schema['required'].map(String) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const code = (value: unknown): string => `\`${JSON.stringify(value)}\``;
/** Markdown table cells cannot hold `|` or line breaks. */
const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const isObjectSchema = (schema: Schema): boolean => schema['type'] === 'object' && isSchema(schema['properties']);
const isOpenObject = (schema: Schema): boolean => schema['type'] === 'object' && !isSchema(schema['properties']);

/** The type of a schema node in words: `string`, `list of string`, `"requester" or list of string`. */
function typeOf(schema: Schema): string {
  const alternatives = schemaList(schema['anyOf']);
  if (alternatives.length > 0) return alternatives.map(typeOf).join(' or ');
  if ('const' in schema) return code(schema['const']);
  if (Array.isArray(schema['enum'])) return typeof schema['enum'][0] === 'number' ? 'number' : 'string';
  switch (schema['type']) {
    case 'integer':
      return 'whole number';
    case 'array': {
      const items = isSchema(schema['items']) ? schema['items'] : {};
      const itemAlternatives = schemaList(items['anyOf']);
      if (itemAlternatives.length > 0 && itemAlternatives.every(isObjectSchema)) return 'list of objects';
      return `list of ${isObjectSchema(items) ? 'objects' : typeOf(items)}`;
    }
    case 'object':
      return isOpenObject(schema) ? 'object (any keys)' : 'object';
    case undefined:
      return 'any';
    default:
      return String(schema['type']);
  }
}

/** Constraints of one schema node that is not a union: `at least 1`, `not empty`, a pattern. */
function constraintsOf(schema: Schema): string[] {
  const out: string[] = [];
  if (Array.isArray(schema['enum'])) out.push(schema['enum'].map(code).join(', '));
  if (schema['format'] === 'date-time') out.push('ISO 8601 date-time with a time zone');
  else if (typeof schema['pattern'] === 'string') out.push(`matches \`${schema['pattern']}\``);
  if (schema['minLength'] === 1) out.push('not empty');
  else if (typeof schema['minLength'] === 'number') out.push(`at least ${schema['minLength']} characters`);
  if (typeof schema['minItems'] === 'number') out.push(`at least ${schema['minItems']} item${schema['minItems'] === 1 ? '' : 's'}`);
  if (typeof schema['minimum'] === 'number') out.push(`at least ${schema['minimum']}`);
  if (typeof schema['exclusiveMinimum'] === 'number') out.push(`greater than ${schema['exclusiveMinimum']}`);
  if (typeof schema['maximum'] === 'number' && schema['maximum'] < Number.MAX_SAFE_INTEGER) out.push(`at most ${schema['maximum']}`);
  if (typeof schema['exclusiveMaximum'] === 'number') out.push(`less than ${schema['exclusiveMaximum']}`);
  if (schema['type'] === 'array' && isSchema(schema['items']) && !isObjectSchema(schema['items'])) {
    const items = constraintsOf(schema['items']);
    if (items.length > 0) out.push(`each ${items.join(', ')}`);
  }
  return out;
}

/** The allowed values of a schema node in words; a union lists each alternative's constraints. */
function allowedOf(schema: Schema): string {
  const alternatives = schemaList(schema['anyOf']);
  if (alternatives.length === 0) return constraintsOf(schema).join('; ');
  return alternatives
    .map((alternative) => {
      const constraints = constraintsOf(alternative);
      return constraints.length > 0 ? `${typeOf(alternative)}: ${constraints.join(', ')}` : '';
    })
    .filter(Boolean)
    .join('; ');
}

/**
 * The rows documenting the properties of an object schema, nested objects and lists of objects
 * flattened into dotted keys (`git.backend`, `windows[].from`). `label` names the alternative of
 * a union the rows belong to.
 */
function rowsOf(schema: Schema, prefix: string, label = ''): Row[] {
  const rows: Row[] = [];
  const required = requiredOf(schema);
  for (const [name, property] of propertiesOf(schema)) {
    const key = `${prefix}${name}`;
    const description = text(property['description']);
    rows.push({
      key,
      type: typeOf(property),
      required: `${required.includes(name) ? 'yes' : 'no'}${label ? ` (${label})` : ''}`,
      defaultValue: 'default' in property ? code(property['default']) : '',
      allowed: allowedOf(property),
      description,
    });
    if (isObjectSchema(property)) rows.push(...rowsOf(property, `${key}.`));
    const items = property['type'] === 'array' && isSchema(property['items']) ? property['items'] : undefined;
    if (items && isObjectSchema(items)) rows.push(...rowsOf(items, `${key}[].`));
    const itemAlternatives = items ? schemaList(items['anyOf']) : [];
    if (itemAlternatives.length > 0 && itemAlternatives.every(isObjectSchema)) {
      const row = rows.find((candidate) => candidate.key === key);
      const forms = itemAlternatives.map((item, index) => `(form ${index + 1}) ${text(item['description'])}`).join(' ');
      if (row) row.description = `${row.description} Each item is one of: ${forms}`.trim();
      itemAlternatives.forEach((alternative, index) => rows.push(...rowsOf(alternative, `${key}[].`, `form ${index + 1}`)));
    }
  }
  return rows;
}

function table(rows: readonly Row[]): string {
  const lines = ['| Key | Type | Required | Default | Allowed values | Description |', '| --- | --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const cells = [`\`${row.key}\``, row.type, row.required, row.defaultValue, row.allowed, row.description];
    lines.push(`| ${cells.map((value) => cell(value) || ' ').join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Cross-field checks `validateConfig` makes that a JSON Schema cannot express. */
const CROSS_CHECKS = [
  'Environment names are unique, and so are their branches; no environment branch may lie under another (`env` and `env/test`).',
  'Exactly one environment has kind `release`.',
  '`source` and `base` name another environment of the config, and following them never goes round in a cycle.',
  '`base` is only allowed on integration environments.',
  'Branch names are valid git branch names: not a full ref (`refs/heads/main`), not `HEAD`, not starting with `-`, and not under `requestPrefix` (which would make them requests).',
  '`requestPrefix` can begin a git branch name, `tagPrefix` is empty or can begin a git tag name, and `remote` is `null` or a valid git remote name.',
  'Every rule is a built-in rule or a custom rule the JS/TS config defines; custom rules may not reuse a built-in name.',
  'The rules `tested-in` and `soak` need a `source` on their environment.',
  "Each built-in rule's `options` pass that rule's own schema (see [Built-in rule options](#built-in-rule-options)).",
];

/**
 * The configuration reference as markdown, generated from the same schemas `validateConfig`
 * uses: {@link configJsonSchema} for every key (type, whether it is required, default, allowed
 * values, description), {@link DEFAULT_ENVIRONMENTS}, the rule entry schema, and each built-in
 * rule's option schema. `docs/guide/configuration.md` is this text, checked by a test, so the
 * page cannot drift from the code. Pure and deterministic.
 *
 * @example
 * ```ts
 * const markdown = renderConfigReference();
 * markdown.startsWith('# Configuration reference'); // true
 * ```
 */
export function renderConfigReference(): string {
  const root = configJsonSchema() as Schema & { properties: Record<string, Schema> };
  const environments = root.properties['environments'] ?? {};
  const environment = isSchema(environments['items']) ? environments['items'] : {};
  const topLevel = rowsOf({ ...root, properties: Object.fromEntries(Object.entries(root.properties).filter(([name]) => name !== 'environments')) }, '');
  const environmentsRow: Row = {
    key: 'environments',
    type: typeOf(environments),
    required: 'no',
    defaultValue: '[the default environments](#default-environments)',
    allowed: allowedOf(environments),
    description: `${text(environments['description'])} See [Environments](#environments).`,
  };
  const environmentRows = rowsOf({ ...environment, properties: Object.fromEntries(propertiesOf(environment).filter(([name]) => name !== 'rules' && name !== 'hotfixRules')) }, '');
  const rulesProperty = propertiesOf(environment).find(([name]) => name === 'rules')?.[1] ?? {};
  const rulesRow: Row = {
    key: 'rules',
    type: 'list of rule entries',
    required: 'no',
    defaultValue: '`[]`',
    allowed: '',
    description: `${text(rulesProperty['description'])} See [Rule entries](#rule-entries).`,
  };
  const hotfixRulesProperty = propertiesOf(environment).find(([name]) => name === 'hotfixRules')?.[1] ?? {};
  const hotfixRulesRow: Row = {
    ...rulesRow,
    key: 'hotfixRules',
    defaultValue: "the environment's `rules`",
    description: `${text(hotfixRulesProperty['description'])} See [Hotfixes](./hotfixes.md).`,
  };
  const entry = z.toJSONSchema(ruleEntrySchema, { io: 'input' }) as Schema;
  const entryObject = schemaList(entry['anyOf']).find(isObjectSchema) ?? {};

  const out: string[] = [];
  out.push('# Configuration reference\n');
  out.push(
    `<!-- Generated by renderConfigReference() (packages/core/src/config/render-config-reference.ts) from the config schemas. Do not edit by hand; regenerate with: ${REGENERATE} -->\n`,
  );
  out.push(
    `${text(configSchema.meta()?.description)} Every top-level key is optional: an empty config means every default below. Unknown keys are refused, with the allowed keys listed.\n`,
  );
  out.push(
    'Where relctl looks for the config and how a JS/TS config adds custom rules: see [the CLI guide](./cli.md#configuration-files) and [Rules](./rules.md#custom-rules). The JSON Schema itself comes from `configJsonSchema()` in `@relctl/core`.\n',
  );

  out.push('## Top-level keys\n');
  out.push(table([...topLevel, environmentsRow]));

  out.push('## Environments\n');
  out.push(`Each item of \`environments\`, in promotion order (for example test, then prod). ${text(environmentSchema.meta()?.description)}\n`);
  out.push(table([...environmentRows, rulesRow, hotfixRulesRow]));

  out.push('### Default environments\n');
  out.push("Without `environments`, relctl uses these (written in the config's own shape):\n");
  out.push(`\`\`\`json\n${JSON.stringify(DEFAULT_ENVIRONMENTS, null, 2)}\n\`\`\`\n`);

  out.push('## Rule entries\n');
  out.push(`Each item of an environment's \`rules\` (and \`hotfixRules\`): ${text(entry['description'])} A bare name uses the rule's default options and level \`error\`.\n`);
  out.push(table(rowsOf(entryObject, '')));

  out.push('## Built-in rule options\n');
  out.push('What each rule checks and what its refusal says: [Rules](./rules.md).\n');
  for (const name of BUILT_IN_RULE_NAMES) {
    const options = z.toJSONSchema(ruleOptionSchemas[name], { io: 'input' }) as Schema;
    out.push(`### \`${name}\`\n`);
    const rows = rowsOf(options, '');
    out.push(`${text(options['description'])}${rows.length > 0 ? '' : ' Write it as `' + name + '`.'}\n`);
    if (rows.length > 0) out.push(table(rows));
  }

  out.push('## Checks across keys\n');
  out.push('Besides the types above, `validateConfig` reports every one of these problems, each with its path and how to fix it:\n');
  out.push(`${CROSS_CHECKS.map((check) => `- ${check}`).join('\n')}\n`);
  return out.join('\n');
}
