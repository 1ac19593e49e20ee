// Module loader hook (registered by ./register.mjs): patches the source of the built files named
// in ./fixes.mjs as they load. Their URL stays the same, so their relative imports still resolve.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIXES, applyFixes } from './fixes.mjs';

const files = new Set(FIXES.map((fix) => `/${fix.file}`));

export async function load(url, context, nextLoad) {
  if (url.startsWith('file://') && [...files].some((file) => url.endsWith(file))) {
    const source = readFileSync(fileURLToPath(url), 'utf8');
    return { format: 'module', source: applyFixes(url, source), shortCircuit: true };
  }
  return nextLoad(url, context);
}
