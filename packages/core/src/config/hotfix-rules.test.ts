import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './config-json-schema.js';
import { validateConfig } from './validate-config.js';

const environments = (prod: Record<string, unknown>) => [
  { name: 'test', kind: 'integration', branch: 'env/test' },
  { name: 'prod', kind: 'release', branch: 'main', source: 'test', rules: ['tested-in', 'approved'], ...prod },
];

describe('environments[].hotfixRules', () => {
  it('is normalized like rules (names become specs with options and level)', () => {
    const result = validateConfig({ input: { environments: environments({ hotfixRules: ['approved', { rule: 'changeset', level: 'warn' }] }) } });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const prod = result.policy.environments[1];
    expect(prod?.hotfixRules?.map((spec) => [spec.rule, spec.level])).toEqual([
      ['approved', 'error'],
      ['changeset', 'warn'],
    ]);
    expect(prod?.hotfixRules?.[0]?.options).toMatchObject({ count: 1 });
  });

  it('is absent when not configured (a hotfix then follows rules)', () => {
    const result = validateConfig({ input: { environments: environments({}) } });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.policy.environments[1]).not.toHaveProperty('hotfixRules');
  });

  it('reports a misspelt rule with its path and the closest name', () => {
    const result = validateConfig({ input: { environments: environments({ hotfixRules: ['approved', 'chagneset'] }) } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        path: 'environments[1].hotfixRules[1]',
        message:
          'unknown rule "chagneset" (did you mean "changeset"?): use a built-in rule (tested-in, approved, soak, max-age, freeze, depends-on, changeset, clean-merge, verified-candidate, checks) or define a custom rule in a JS/TS config',
      },
    ]);
  });

  it("checks each built-in rule's options, and that tested-in needs a source", () => {
    const result = validateConfig({
      input: {
        environments: [
          { name: 'test', kind: 'integration', branch: 'env/test', hotfixRules: ['tested-in'] },
          { name: 'prod', kind: 'release', branch: 'main', hotfixRules: [{ rule: 'approved', options: { cuont: 2 } }] },
        ],
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.path)).toEqual(['environments[0].hotfixRules[0]', 'environments[1].hotfixRules[0].options.cuont']);
    expect(result.issues[1]?.message).toContain('did you mean "count"?');
  });

  it('suggests hotfixRules for a misspelt key, and refuses a bare name', () => {
    const typo = validateConfig({ input: { environments: environments({ hotfixRule: ['approved'] }) } });
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.issues[0]?.message).toContain('unknown key "hotfixRule" (did you mean "hotfixRules"?)');
    const bare = validateConfig({ input: { environments: environments({ hotfixRules: 'approved' }) } });
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.issues[0]?.path).toBe('environments[1].hotfixRules');
  });

  it('is in the JSON schema, with the built-in rules spelled out like rules', () => {
    const schema = configJsonSchema() as { properties: { environments: { items: { properties: Record<string, { description?: string; items?: unknown }> } } } };
    const properties = schema.properties.environments.items.properties;
    expect(properties['hotfixRules']?.description).toContain('--hotfix');
    expect(properties['hotfixRules']?.items).toEqual(properties['rules']?.items);
  });
});
