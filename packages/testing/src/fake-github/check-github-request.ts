import type { GithubValidator } from './create-github-validator.js';
import type { GithubDescription, GithubOperation } from './load-github-description.js';
import { resolveGithubPointer } from './resolve-github-pointer.js';

/** Options of {@link checkGithubRequest}. */
export interface CheckGithubRequestOptions {
  description: GithubDescription;
  validator: GithubValidator;
  operation: GithubOperation;
  /** Decoded path parameters, as matched. */
  pathParams: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `undefined` when the request had none. */
  body: unknown;
}

/** What {@link checkGithubRequest} found. */
export interface CheckedGithubRequest {
  /** One line per thing GitHub would reject (or silently ignore); `[]` when the request conforms. */
  problems: string[];
  /** Path and query parameters, typed as the description says (`pull_number` a number, …). */
  params: Record<string, unknown>;
}

/**
 * Check a request against its operation in GitHub's description: every required path and query
 * parameter present, every value of its schema's type and enum, no query parameter the
 * operation does not have, the JSON body present when required, valid against the body schema,
 * and without top-level fields the schema does not name. GitHub ignores unknown query
 * parameters and body fields; the fake counts them as problems on purpose, since a misspelled
 * `per_page` or `title` is a bug that GitHub would hide.
 *
 * @example
 * ```ts
 * const { problems } = checkGithubRequest({ description, validator, operation, pathParams, query: url.searchParams, body });
 * // ['query: unknown parameter "per_pgae" (pulls/list has: state, head, base, sort, direction, per_page, page)']
 * ```
 */
export function checkGithubRequest(options: CheckGithubRequestOptions): CheckedGithubRequest {
  const { description, validator, operation, pathParams, query, body } = options;
  const problems: string[] = [];
  const params: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'path' && parameter.in !== 'query') continue;
    const raw = parameter.in === 'path' ? pathParams[parameter.name] : (query.get(parameter.name) ?? undefined);
    if (raw === undefined) {
      if (parameter.required) problems.push(`${parameter.in}: missing required parameter "${parameter.name}"`);
      continue;
    }
    const value = coerce(raw, resolveGithubPointer(description, parameter.schemaPointer));
    params[parameter.name] = value;
    for (const problem of validator.check(parameter.schemaPointer, value)) {
      problems.push(`${parameter.in} parameter "${parameter.name}"=${JSON.stringify(raw)}: ${problem.replace(/^\(root\): /, '')}`);
    }
  }
  const known = new Set(operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) problems.push(`query: unknown parameter "${name}" (${operation.operationId} has: ${[...known].join(', ') || 'none'})`);
  }
  if (operation.bodyPointer === null) {
    if (body !== undefined && !(typeof body === 'object' && body !== null && Object.keys(body).length === 0)) {
      problems.push(`body: ${operation.operationId} takes no request body`);
    }
  } else if (body === undefined) {
    if (operation.bodyRequired) problems.push(`body: ${operation.operationId} requires a JSON body`);
  } else {
    for (const problem of validator.check(operation.bodyPointer, body)) problems.push(`body ${problem}`);
    const schema = resolveGithubPointer(description, operation.bodyPointer) as { properties?: Record<string, unknown>; additionalProperties?: unknown } | null;
    if (schema?.properties && schema.additionalProperties === undefined && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const names = Object.keys(schema.properties);
      for (const key of Object.keys(body)) {
        if (!names.includes(key)) problems.push(`body: unknown field "${key}" (${operation.operationId} takes: ${names.join(', ')})`);
      }
    }
  }
  return { problems, params };
}

/** A query or path value is text; the schema says what it stands for. */
function coerce(raw: string, schema: unknown): unknown {
  const type = (schema as { type?: unknown } | null)?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}
