import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One parameter of an operation, its `$ref` resolved. */
export interface GithubParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** JSON pointer (into the description) of the parameter's schema. */
  schemaPointer: string;
  /** `x-multi-segment`: a path parameter that may hold `/` (a ref such as `heads/main`). */
  multiSegment: boolean;
}

/** One operation of GitHub's REST description (path + method). */
export interface GithubOperation {
  /** GitHub's operation id, e.g. `pulls/create`. */
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}`. */
  path: string;
  parameters: GithubParameter[];
  /** JSON pointer of the request body's schema, when the operation takes a JSON body. */
  bodyPointer: string | null;
  bodyRequired: boolean;
  /** Response status (`'200'`, `'422'`, `'default'`) → JSON pointer of its JSON schema, `null` without a body. */
  responses: Record<string, string | null>;
  /** `https://docs.github.com/rest/...` for this operation: what GitHub puts in `documentation_url`. */
  documentationUrl: string;
}

/** GitHub's REST API description, as the fake uses it. */
export interface GithubDescription {
  /** Version of `@octokit/openapi` (the description's `info.version`). */
  version: string;
  /** The parsed description (`api.github.com.json`, OpenAPI 3.0). */
  document: Record<string, unknown>;
  operations: GithubOperation[];
  /** Operation by id. */
  byId: Map<string, GithubOperation>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
let loaded: GithubDescription | null = null;

/**
 * GitHub's official REST API description for api.github.com, from `@octokit/openapi`
 * (`generated/api.github.com.json`), parsed once per process. The non-dereferenced file is read
 * on purpose: 13 MB parse in ~0.15 s, where the dereferenced one is 73 MB, ~0.8 s and ~190 MB of
 * heap in every test worker; the schema validator resolves `$ref`s itself.
 *
 * @example
 * ```ts
 * const description = loadGithubDescription();
 * description.byId.get('pulls/create')?.path; // '/repos/{owner}/{repo}/pulls'
 * ```
 */
export function loadGithubDescription(): GithubDescription {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  // Never `require('@octokit/openapi')`: its index loads all ten descriptions (~380 MB).
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  allowNullInNullableEnums(document.components);
  allowNullInUntypedNullables(document);
  const info = document.info as { version: string };
  const operations: GithubOperation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      operations.push(readOperation({ document, path, method, operation, shared }));
    }
  }
  loaded = { version: info.version, document, operations, byId: new Map(operations.map((operation) => [operation.operationId, operation])) };
  return loaded;
}

function readOperation(options: { document: Record<string, unknown>; path: string; method: string; operation: Record<string, unknown>; shared: unknown[] }): GithubOperation {
  const { document, path, method, operation, shared } = options;
  const base = ['paths', path, method];
  const parameters = [...shared, ...((operation.parameters as unknown[] | undefined) ?? [])].map((raw, index) => {
    const at = index < shared.length ? ['paths', path, 'parameters', String(index)] : [...base, 'parameters', String(index - shared.length)];
    const { value, pointer } = follow(document, raw, at);
    const parameter = value as { name: string; in: GithubParameter['in']; required?: boolean; 'x-multi-segment'?: boolean };
    return {
      name: parameter.name,
      in: parameter.in,
      required: parameter.required === true,
      schemaPointer: `${pointer}/schema`,
      multiSegment: parameter['x-multi-segment'] === true,
    };
  });
  let bodyPointer: string | null = null;
  let bodyRequired = false;
  if (operation.requestBody) {
    const { value, pointer } = follow(document, operation.requestBody, [...base, 'requestBody']);
    const body = value as { required?: boolean; content?: Record<string, unknown> };
    bodyRequired = body.required === true;
    if (body.content?.['application/json']) bodyPointer = `${pointer}/content/${escape('application/json')}/schema`;
  }
  const responses: Record<string, string | null> = {};
  for (const [status, raw] of Object.entries((operation.responses as Record<string, unknown>) ?? {})) {
    const { value, pointer } = follow(document, raw, [...base, 'responses', status]);
    const content = (value as { content?: Record<string, unknown> }).content;
    const type = content ? Object.keys(content).find((name) => name === 'application/json' || name.endsWith('+json')) : undefined;
    responses[status] = type ? `${pointer}/content/${escape(type)}/schema` : null;
  }
  const docs = operation.externalDocs as { url?: string } | undefined;
  return {
    operationId: String(operation.operationId),
    method: method.toUpperCase(),
    path,
    parameters,
    bodyPointer,
    bodyRequired,
    responses,
    documentationUrl: docs?.url ?? 'https://docs.github.com/rest',
  };
}

/**
 * GitHub writes `{ type: 'string', enum: [...], nullable: true }` for values that are often
 * `null` (a check run's `conclusion` while it runs). OpenAPI 3.0 lets `nullable` admit `null`,
 * but ajv applies `enum` on its own and would reject it; adding `null` to such enums keeps the
 * description's meaning.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullInNullableEnums(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as { nullable?: unknown; enum?: unknown[] };
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
  for (const value of Object.values(node)) allowNullInNullableEnums(value);
}

/**
 * GitHub also writes `nullable: true` on schemas without a `type`: `{ nullable: true, oneOf:
 * [simple-user, empty-object] }` for a commit's `author`, which is `null` when no account has
 * the commit's address. OpenAPI 3.0.3 gives `nullable` effect only next to `type` and ajv refuses
 * it otherwise, yet GitHub answers `null` there; such a schema becomes `anyOf: [null, itself]`
 * (a bare `nullable: true`, which admits anything, just loses the keyword).
 */
function allowNullInUntypedNullables(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullInUntypedNullables(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const value of Object.values(node)) allowNullInUntypedNullables(value);
  const schema = node as Record<string, unknown>;
  if (schema.nullable !== true || 'type' in schema) return;
  delete schema.nullable;
  const inner: Record<string, unknown> = {};
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    if (keyword in schema) {
      inner[keyword] = schema[keyword];
      delete schema[keyword];
    }
  }
  if (Object.keys(inner).length > 0) schema.anyOf = [{ type: 'null' }, inner];
}

/** Follow a `{ $ref }` (parameters, responses, request bodies) to its target; the pointer says where it lives. */
function follow(document: Record<string, unknown>, value: unknown, at: string[]): { value: unknown; pointer: string } {
  let current = value;
  let pointer = `/${at.map(escape).join('/')}`;
  for (let hops = 0; hops < 10; hops += 1) {
    const ref = (current as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) break;
    pointer = ref.slice(1);
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  }
  return { value: current, pointer };
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
