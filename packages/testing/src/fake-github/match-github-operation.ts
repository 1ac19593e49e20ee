import type { GithubDescription, GithubOperation } from './load-github-description.js';

/** Options of {@link matchGithubOperation}. */
export interface MatchGithubOperationOptions {
  description: GithubDescription;
  /** HTTP method, any case. */
  method: string;
  /** URL path without the query string, still percent-encoded. */
  path: string;
}

/** The operation a request is for, and its path parameters (decoded, still strings). */
export interface MatchedGithubOperation {
  operation: GithubOperation;
  pathParams: Record<string, string>;
}

interface Route {
  operation: GithubOperation;
  pattern: RegExp;
  names: string[];
  /** Literal segments, then single-segment parameters: the more, the more specific. */
  literals: number;
  multi: number;
}

const routes = new WeakMap<GithubDescription, Route[]>();

/**
 * The operation of GitHub's description that `method` + `path` is, or `null` when GitHub has
 * none. Like GitHub, a literal segment wins over a parameter (`/pulls/comments` is not pull
 * number "comments"); a parameter marked `x-multi-segment` (a ref such as `heads/main`) may
 * span segments.
 *
 * @example
 * ```ts
 * matchGithubOperation({ description, method: 'PATCH', path: '/repos/acme/shop/pulls/1' });
 * // { operation: { operationId: 'pulls/update', … }, pathParams: { owner: 'acme', repo: 'shop', pull_number: '1' } }
 * ```
 */
export function matchGithubOperation(options: MatchGithubOperationOptions): MatchedGithubOperation | null {
  const { description, path } = options;
  const method = options.method.toUpperCase();
  let table = routes.get(description);
  if (!table) {
    table = description.operations.map(route);
    routes.set(description, table);
  }
  let best: { route: Route; match: RegExpExecArray } | null = null;
  for (const candidate of table) {
    if (candidate.operation.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    if (!best || candidate.literals > best.route.literals || (candidate.literals === best.route.literals && candidate.multi < best.route.multi)) {
      best = { route: candidate, match };
    }
  }
  if (!best) return null;
  const pathParams: Record<string, string> = {};
  best.route.names.forEach((name, index) => {
    pathParams[name] = decodeURIComponent(best.match[index + 1] ?? '');
  });
  return { operation: best.route.operation, pathParams };
}

function route(operation: GithubOperation): Route {
  const names: string[] = [];
  let literals = 0;
  let multi = 0;
  const source = operation.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{([^}]+)\}$/.exec(segment);
      if (!parameter) {
        literals += 1;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      const name = parameter[1] ?? '';
      names.push(name);
      const spans = operation.parameters.some((candidate) => candidate.in === 'path' && candidate.name === name && candidate.multiSegment);
      if (spans) multi += 1;
      return spans ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { operation, pattern: new RegExp(`^${source}/?$`), names, literals, multi };
}
