// The scratch folder the install test works in: outside the repository, with no package.json or
// node_modules above it that Node or npm could find instead of what the test installed.
import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { ROOT } from './workspace.mjs';

/**
 * A fresh folder under the system temp folder ($TMPDIR), checked to be outside the repository.
 *
 * @returns {string}
 */
export function makeScratch() {
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'relctl-install-')));
  const root = realpathSync(ROOT);
  if (scratch === root || scratch.startsWith(root + sep)) throw new Error(`tests/install: ${scratch} is inside the repository; set TMPDIR to a folder outside ${root}.`);
  for (let dir = dirname(scratch); ; dir = dirname(dir)) {
    for (const name of ['package.json', 'node_modules']) {
      if (existsSync(join(dir, name)))
        throw new Error(`tests/install: ${join(dir, name)} is above the scratch folder, so installs there would not be alone; set TMPDIR to another folder.`);
    }
    if (dirname(dir) === dir) break;
  }
  return scratch;
}

/**
 * Whether `file` (after following links) is inside `dir`: an installed module must not resolve
 * through a link back into the workspace.
 *
 * @param {string} file
 * @param {string} dir
 */
export function isInside(file, dir) {
  return realpathSync(file).startsWith(realpathSync(dir) + sep);
}
