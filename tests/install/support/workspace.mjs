// The workspace's packages as npm sees them: the folders the root package.json's `workspaces`
// name, and which of them are published (not `private`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Every non-private workspace package (packages/*, apps/*): what `changeset publish` publishes.
 * A package added under packages/ is found here without changing this file.
 *
 * @returns {{ name: string, version: string, dir: string, manifest: Record<string, any> }[]}
 */
export function publishablePackages() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const found = [];
  for (const pattern of root.workspaces) {
    if (!pattern.endsWith('/*')) throw new Error(`tests/install: workspace pattern "${pattern}" is not "<folder>/*"; teach support/workspace.mjs to read it.`);
    const parent = join(ROOT, pattern.slice(0, -2));
    for (const name of readdirSync(parent).sort()) {
      const file = join(parent, name, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      if (!manifest.private) found.push({ name: manifest.name, version: manifest.version, dir: dirname(file), manifest });
    }
  }
  return found;
}
