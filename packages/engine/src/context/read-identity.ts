import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Who is running relctl, for commits, tags and audit events.
 *
 * @example
 * ```ts
 * const { name, email } = session.identity;
 * ```
 */
export interface Identity {
  name: string;
  email: string;
}

/**
 * The identity git would use: `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL`, else `user.name`/`user.email`
 * from the repository's config, then the global config. Read from files rather than by running
 * `git`, so it works where no git binary exists.
 */
export function readIdentity(options: { commonDir: string; env: Readonly<Record<string, string | undefined>> }): Identity {
  const { env } = options;
  const files = [
    join(options.commonDir, 'config'),
    env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, 'git', 'config') : join(env.HOME ?? homedir(), '.config', 'git', 'config'),
    join(env.HOME ?? homedir(), '.gitconfig'),
  ];
  const fromFiles = (key: 'name' | 'email') => {
    for (const file of files) {
      const value = readUserKey(file, key);
      if (value) return value;
    }
    return undefined;
  };
  return {
    name: env.GIT_AUTHOR_NAME ?? fromFiles('name') ?? 'relctl',
    email: env.GIT_AUTHOR_EMAIL ?? fromFiles('email') ?? 'relctl@localhost',
  };
}

/** `Name <email>`, the actor format of audit events. */
export function formatActor(identity: Identity): string {
  return `${identity.name} <${identity.email}>`;
}

function readUserKey(file: string, key: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let inUser = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const section = line.match(/^\[\s*([A-Za-z0-9.-]+)\s*\]/);
    if (section) {
      inUser = section[1]?.toLowerCase() === 'user';
      continue;
    }
    const entry = inUser ? line.match(/^([A-Za-z0-9-]+)\s*=\s*(.*)$/) : null;
    if (entry && entry[1]?.toLowerCase() === key) return entry[2]?.replace(/^"(.*)"$/, '$1').trim();
  }
  return undefined;
}
