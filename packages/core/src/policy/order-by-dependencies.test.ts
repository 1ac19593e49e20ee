import { describe, expect, it } from 'vitest';
import { DependencyCycleError } from '../errors/index.js';
import type { Request } from '../model/request.js';
import { orderByDependencies } from './order-by-dependencies.js';

const request = (id: string, dependsOn: string[] = []): Request => ({
  id,
  branch: `req/${id}`,
  head: id.padEnd(40, '0'),
  title: id,
  dependsOn,
});

describe('orderByDependencies', () => {
  it('keeps the given order when nothing depends on anything', () => {
    expect(orderByDependencies({ requests: [request('A'), request('B')], ids: ['B', 'A'] })).toEqual(['B', 'A']);
  });

  it('puts dependencies first and drops duplicates', () => {
    const requests = [request('A'), request('B', ['C']), request('C', ['A'])];
    expect(orderByDependencies({ requests, ids: ['B', 'C', 'A', 'B'] })).toEqual(['A', 'C', 'B']);
  });

  it('ignores dependencies outside the chosen set', () => {
    const requests = [request('A', ['Z']), request('B')];
    expect(orderByDependencies({ requests, ids: ['A', 'B'] })).toEqual(['A', 'B']);
  });

  it('refuses a cycle and names it', () => {
    const requests = [request('A', ['B']), request('B', ['C']), request('C', ['A'])];
    let error: unknown;
    try {
      orderByDependencies({ requests, ids: ['A', 'B', 'C'] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DependencyCycleError);
    expect((error as DependencyCycleError).data).toEqual({ cycle: ['A', 'B', 'C', 'A'] });
    expect((error as DependencyCycleError).exitCode).toBe(2);
  });
});
