import { StateError } from '@relctl/core';
import type { PackageJson } from '../types.js';

/** Options of {@link parsePackageJson}. */
export interface ParsePackageJsonOptions {
  text: string;
  /** Where the file is, for messages. */
  path: string;
}

/**
 * Parse a `package.json`; a `StateError` naming the file when it is not a JSON object.
 *
 * @example
 * ```ts
 * parsePackageJson({ text: '{ "name": "web-app" }', path: 'package.json' }); // { name: 'web-app' }
 * ```
 */
export function parsePackageJson(options: ParsePackageJsonOptions): PackageJson {
  let data: unknown;
  try {
    data = JSON.parse(options.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
    throw new StateError(`${options.path} is not valid JSON (${reason}); fix the file`, { path: options.path });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new StateError(`${options.path} is not a JSON object; fix the file`, { path: options.path });
  }
  return data as PackageJson;
}
