import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A folder as `git ls-tree -r` lines (`<mode> blob <oid>\t<path>`, sorted by path): what git
 * would record for it (SHA-1), so a test can compare an exported folder with a commit's tree.
 *
 * @example
 * ```ts
 * expect(treeListing(dir)).toEqual(lsTree(repo, sha));
 * ```
 */
export function treeListing(dir: string, prefix = ''): string[] {
  const lines: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const path = `${prefix}${name}`;
    const stat = lstatSync(full);
    if (stat.isDirectory()) {
      lines.push(...treeListing(full, `${path}/`));
      continue;
    }
    const content = stat.isSymbolicLink() ? Buffer.from(readlinkSync(full)) : readFileSync(full);
    const mode = stat.isSymbolicLink() ? '120000' : stat.mode & 0o100 ? '100755' : '100644';
    const oid = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
    lines.push(`${mode} blob ${oid}\t${path}`);
  }
  return prefix === '' ? lines.sort(byPath) : lines;
}

function byPath(a: string, b: string): number {
  const pa = a.slice(a.indexOf('\t') + 1);
  const pb = b.slice(b.indexOf('\t') + 1);
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}
