import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfig } from '@relctl/core';
import { defaultConfigYaml } from './default-config-yaml.js';

describe('the config "relctl init" writes', () => {
  it('spells out exactly the built-in defaults', () => {
    const written = validateConfig({ input: parse(defaultConfigYaml()) });
    const defaults = validateConfig({ input: {} });
    expect(written.ok && defaults.ok).toBe(true);
    if (written.ok && defaults.ok) expect(written.policy).toEqual(defaults.policy);
  });
});
