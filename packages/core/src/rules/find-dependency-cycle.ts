import type { Request } from '../model/request.js';

/** Options of {@link findDependencyCycle}. */
export interface FindDependencyCycleOptions {
  /** All known requests; their `dependsOn` lists are followed. */
  requests: readonly Request[];
  /** Where to start following dependencies. */
  from: string;
}

/**
 * The first dependency cycle reachable from a request, as a closed path (`['A', 'B', 'A']`),
 * or `undefined` when there is none. Unknown ids end a path. Deterministic: dependencies are
 * followed in their listed order.
 *
 * @example
 * ```ts
 * findDependencyCycle({ requests, from: 'A' }); // ['A', 'B', 'A'] when A depends on B and B on A
 * ```
 */
export function findDependencyCycle(options: FindDependencyCycleOptions): string[] | undefined {
  const byId = new Map(options.requests.map((request) => [request.id, request]));
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();

  const visit = (id: string): string[] | undefined => {
    if (onPath.has(id)) return [...path.slice(path.indexOf(id)), id];
    if (done.has(id)) return undefined;
    const request = byId.get(id);
    if (!request) return undefined;
    path.push(id);
    onPath.add(id);
    for (const dependency of request.dependsOn) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(id);
    done.add(id);
    return undefined;
  };

  return visit(options.from);
}
