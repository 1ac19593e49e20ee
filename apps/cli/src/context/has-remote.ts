import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether the repository's config defines `[remote "<name>"]` (read from the file, no git needed). */
export function hasRemote(commonDir: string, name: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(commonDir, 'config'), 'utf8');
  } catch {
    return false;
  }
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*\\[\\s*remote\\s+"${escaped}"\\s*\\]`, 'm').test(text);
}
