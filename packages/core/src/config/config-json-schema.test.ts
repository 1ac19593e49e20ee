import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './config-json-schema.js';
import { DEFAULT_ENVIRONMENTS } from './default-environments.js';

describe('configJsonSchema', () => {
  const schema = configJsonSchema();
  const json = JSON.stringify(schema);

  it('is a strict draft 2020-12 object schema with the top-level keys and defaults', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['additionalProperties']).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'requestPrefix', 'tagPrefix', 'remote', 'git', 'push', 'release', 'allowedSigners', 'environments']);
    expect(schema.properties['requestPrefix']?.['default']).toBe('req/');
    expect(schema.properties['remote']?.['default']).toBe('origin');
    expect(schema.properties['environments']?.['default']).toEqual(DEFAULT_ENVIRONMENTS);
  });

  it("documents every built-in rule's options", () => {
    for (const fragment of ['"const":"soak"', '"hours"', '"const":"freeze"', '"windows"', '"timeZone"', '"const":"approved"', '"count"']) {
      expect(json).toContain(fragment);
    }
    expect(json).toContain('Branch prefix of request branches.');
  });

  it('is plain JSON', () => {
    expect(JSON.parse(json)).toEqual(schema);
  });
});
