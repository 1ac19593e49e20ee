import { DependencyCycleError } from '../errors/index.js';
import type { Request } from '../model/request.js';

/**
 * Options of {@link orderByDependencies}.
 *
 * @example
 * ```ts
 * orderByDependencies({ requests: facts.requests, ids: ['C', 'A'] }); // ['A', 'C'] when C depends on A
 * ```
 */
export interface OrderByDependenciesOptions {
  /** All known requests (their `dependsOn` lists are followed). */
  requests: readonly Request[];
  /** The requests to order, as given by a person. */
  ids: readonly string[];
}

/**
 * Order `ids` so that every request comes after the requests it depends on (among `ids`);
 * otherwise keep the given order. Dependencies outside `ids` are ignored here (the
 * `depends-on` rule reports them). Stable and deterministic.
 *
 * @throws DependencyCycleError when the requests among `ids` depend on each other in a cycle.
 * @example
 * ```ts
 * orderByDependencies({ requests, ids: ['C', 'A'] }); // ['A', 'C'] when C depends on A
 * ```
 */
export function orderByDependencies(options: OrderByDependenciesOptions): string[] {
  const chosen = new Set(options.ids);
  const byId = new Map(options.requests.map((request) => [request.id, request]));
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();

  const visit = (id: string, path: string[]): void => {
    const seen = state.get(id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      throw new DependencyCycleError(`Requests depend on each other in a cycle: ${cycle.join(' -> ')}; remove one of these dependencies.`, { cycle });
    }
    state.set(id, 'visiting');
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      if (chosen.has(dependency)) visit(dependency, [...path, id]);
    }
    state.set(id, 'done');
    ordered.push(id);
  };

  for (const id of new Set(options.ids)) visit(id, []);
  return ordered;
}
