import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULE_NAMES, ruleOptionSchemas } from '../rules/built-in-rules.js';
import { configJsonSchema } from './config-json-schema.js';
import { environmentSchema } from './config-schema.js';
import { DEFAULT_ENVIRONMENTS } from './default-environments.js';
import { renderConfigReference } from './render-config-reference.js';

const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'docs', 'guide', 'configuration.md');
const REGENERATE = 'RELCTL_UPDATE_DOCS=1 npx vitest run packages/core/src/config/render-config-reference.test.ts';

/** The first cell of every table row, without backticks: the documented keys of one section. */
const keysOfSection = (markdown: string, heading: string): string[] => {
  const start = markdown.indexOf(`\n${heading}\n`);
  expect(start, `section "${heading}"`).toBeGreaterThan(-1);
  const rest = markdown.slice(start + heading.length + 2);
  const end = rest.search(/\n#{2,3} /);
  const section = end === -1 ? rest : rest.slice(0, end);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => /^\| `([^`]+)`/.exec(line)?.[1] ?? '');
};

describe('renderConfigReference', () => {
  const markdown = renderConfigReference();

  it('documents every top-level key of the config schema with its default', () => {
    const schema = configJsonSchema();
    const keys = keysOfSection(markdown, '## Top-level keys');
    for (const key of Object.keys(schema.properties)) expect(keys).toContain(key);
    expect(keys).toContain('git.backend');
    expect(markdown).toContain('| `requestPrefix` | string | no | `"req/"` | not empty |');
    expect(markdown).toContain('`"isomorphic"`, `"system"`, `"auto"`');
  });

  it('documents every environment key, and the default environments exactly', () => {
    expect(keysOfSection(markdown, '## Environments').sort()).toEqual(Object.keys(environmentSchema.shape).sort());
    expect(markdown).toContain(`\`\`\`json\n${JSON.stringify(DEFAULT_ENVIRONMENTS, null, 2)}\n\`\`\``);
  });

  it('gives every built-in rule a section listing each of its options', () => {
    for (const name of BUILT_IN_RULE_NAMES) {
      const shape = (ruleOptionSchemas[name] as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      const keys = keysOfSection(markdown, `### \`${name}\``).map((key) => key.split(/[.[]/)[0]);
      expect(new Set(keys), name).toEqual(new Set(Object.keys(shape)));
    }
    expect(markdown).toContain('| `hours` | number | yes |   | greater than 0 |');
    expect(markdown).toContain('| `windows[].start` | string | yes (form 2) |');
    expect(markdown).toContain('| `count` | whole number | no | `1` | at least 1 |');
  });

  it('writes well-formed tables and nothing undefined', () => {
    for (const line of markdown.split('\n').filter((candidate) => candidate.startsWith('|'))) {
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      expect(cells, line).toBe(6);
    }
    expect(markdown).not.toMatch(/undefined|\[object Object\]|NaN/);
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('is exactly docs/guide/configuration.md (set RELCTL_UPDATE_DOCS=1 to regenerate it)', () => {
    if (process.env['RELCTL_UPDATE_DOCS'] === '1') writeFileSync(REFERENCE, markdown);
    const written = existsSync(REFERENCE) ? readFileSync(REFERENCE, 'utf8') : '';
    expect(
      written === markdown,
      `docs/guide/configuration.md is out of date with the config schema; regenerate it with:\n  ${REGENERATE}\nthen review and commit the change.`,
    ).toBe(true);
  });
});
