import { describe, expect, it } from 'vitest';
import type { Environment, Policy } from '@relctl/core';
import { checksFromGithub } from '../facts/read-github-checks.js';
import { checksShippedTree } from './checks-shipped-tree.js';

const prod: Environment = { name: 'prod', branch: 'main', kind: 'release', source: 'test', rules: [{ rule: 'approved' }] };
const policyWith = (env: Environment): Policy => ({ requestPrefix: 'req/', tagPrefix: 'v', remote: null, environments: [env] }) as unknown as Policy;

// A hotfix is checked against hotfixRules: a `checks` rule there needs the same facts gathered.
describe('the facts a checks rule needs, in rules and in hotfixRules', () => {
  it('checksShippedTree sees a tree check in hotfixRules', () => {
    expect(checksShippedTree(prod)).toBe(false);
    expect(checksShippedTree({ ...prod, hotfixRules: [{ rule: 'checks', options: { required: ['smoke'] } }] })).toBe(true);
    expect(checksShippedTree({ ...prod, hotfixRules: [{ rule: 'checks', options: { required: ['smoke'], of: 'head' } }] })).toBe(false);
  });

  it('checksFromGithub sees from: [github] in hotfixRules', () => {
    expect(checksFromGithub(policyWith(prod))).toBe(false);
    expect(checksFromGithub(policyWith({ ...prod, hotfixRules: [{ rule: 'checks', options: { required: ['ci'], from: ['github'] } }] }))).toBe(true);
  });
});
