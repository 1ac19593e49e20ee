import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The URL of `[remote "<name>"]` in the repository's config, `undefined` when the remote is not
 * configured, `null` when it is but has no url. Read from the file, so no git binary is needed.
 */
export function remoteUrl(commonDir: string, name: string): string | null | undefined {
  let text: string;
  try {
    text = readFileSync(join(commonDir, 'config'), 'utf8');
  } catch {
    return undefined;
  }
  let inSection = false;
  let found = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const section = line.match(/^\[\s*([^\]\s"]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/);
    if (section) {
      inSection = section[1]?.toLowerCase() === 'remote' && section[2] === name;
      found ||= inSection;
      continue;
    }
    const url = inSection ? line.match(/^url\s*=\s*(.*)$/i) : null;
    if (url) return url[1]?.replace(/^"(.*)"$/, '$1').trim() ?? null;
  }
  return found ? null : undefined;
}
