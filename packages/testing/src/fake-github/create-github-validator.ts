import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadGithubDescription } from './load-github-description.js';

/** Validates data against schemas of GitHub's REST description, found by JSON pointer. */
export interface GithubValidator {
  /**
   * Problems of `data` against the schema at `pointer` (a JSON pointer into the description, as
   * {@link loadGithubDescription} gives them), one line each; `[]` when it conforms.
   */
  check(pointer: string, data: unknown): string[];
}

// ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv, formats: string[]) => Ajv;
const KEY = 'https://api.github.com/openapi.json';
let shared: GithubValidator | null = null;

/**
 * A JSON-schema validator (ajv 8) for GitHub's description. The description is OpenAPI 3.0.3,
 * whose schema objects are a JSON Schema draft-04/05 dialect that ajv's default draft-07 class
 * reads as written, plus OpenAPI's `nullable` (ajv supports it natively). Strict mode stays on
 * so a schema keyword ajv does not know fails loudly instead of being ignored; the
 * description's annotation-only keywords are declared as such. Formats are checked: `uri` and
 * `date-time` by ajv-formats, GitHub's own `int64` and `repo.nwo` here. Compiled schemas are
 * cached per pointer; the validator is shared by every fake in the process.
 *
 * @example
 * ```ts
 * const validator = createGithubValidator();
 * validator.check(description.byId.get('pulls/get')!.responses['200']!, pull); // [] when it conforms
 * ```
 */
export function createGithubValidator(): GithubValidator {
  if (shared) return shared;
  const description = loadGithubDescription();
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, validateSchema: false, logger: false });
  addFormats(ajv, ['uri', 'date-time', 'email', 'uri-template', 'uri-reference', 'date', 'uuid', 'hostname', 'ipv4', 'ipv6']);
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) });
  ajv.addFormat('repo.nwo', /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
  // Annotations of OpenAPI 3.0 and GitHub's extensions: they describe, they do not constrain.
  // The document's own top-level fields are declared too: ajv compiles the root once to reach fragments inside it.
  const annotations = ['example', 'externalDocs', 'xml', 'discriminator', 'x-github-breaking-changes', 'x-multi-segment', 'x-github', 'x-octokit'];
  ajv.addVocabulary([...new Set([...annotations, ...Object.keys(description.document)])]);
  ajv.addSchema(description.document, KEY, undefined, false);
  const compiled = new Map<string, ValidateFunction>();
  shared = {
    check(pointer, data) {
      let validate = compiled.get(pointer);
      if (!validate) {
        const fragment = pointer.split('/').map(encodeURIComponent).join('/');
        validate = ajv.compile({ $ref: `${KEY}#${fragment}` });
        compiled.set(pointer, validate);
      }
      return validate(data) ? [] : (validate.errors ?? []).map(describe);
    },
  };
  return shared;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  if (error.keyword === 'required') return `${where}: missing required property "${String(error.params.missingProperty)}"`;
  if (error.keyword === 'enum') return `${where}: ${error.message} (${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
  return `${where}: ${error.message ?? error.keyword}`;
}
