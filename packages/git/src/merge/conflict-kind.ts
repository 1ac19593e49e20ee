import type { MergeConflictKind } from '@relctl/core';

/** One index stage of a conflicted path, as `git merge-tree` lists it. */
export interface ConflictStage {
  /** Octal mode, `100644` etc. */
  mode: string;
  /** 1 base, 2 ours, 3 theirs. */
  stage: number;
}

/**
 * The kind of a conflicted path, from its stages and the types of git's conflict messages that
 * name it (`CONFLICT (rename/delete)`, `CONFLICT (binary)`, …). Both git ports use it, so the
 * embedded merge engine and `git merge-tree` classify a conflict the same way.
 *
 * @example
 * ```ts
 * conflictKind([{ mode: '100644', stage: 1 }, { mode: '100644', stage: 2 }], new Set(['CONFLICT (modify/delete)'])); // 'modify-delete'
 * ```
 */
export function conflictKind(entries: ConflictStage[], types: Set<string>): MergeConflictKind {
  const has = (pattern: RegExp) => [...types].some((type) => pattern.test(type));
  if (entries.some((entry) => entry.mode === '160000') || has(/submodule/i)) return 'submodule';
  if (has(/file\/directory|directory\/file/i)) return 'file-directory';
  if (has(/rename|file location|directory rename/i)) return 'rename';
  const present = new Set(entries.map((entry) => entry.stage));
  if (present.has(1) && (!present.has(2) || !present.has(3))) return 'modify-delete';
  if (has(/binary/i)) return 'binary';
  if (has(/distinct (modes|types)/i)) return 'mode';
  if (!present.has(1) && present.has(2) && present.has(3)) return 'add-add';
  const modes = new Set(entries.map((entry) => entry.mode));
  if (modes.size > 1 && !has(/contents?/i)) return 'mode';
  return 'content';
}
