import type { MergeConflict, MergeOutcome } from '@relctl/core';
import { conflictKind } from '../merge/conflict-kind.js';

interface StageEntry {
  mode: string;
  stage: number;
}

/**
 * Turn the output of `git merge-tree --write-tree -z <ours> <theirs>` (with its default
 * conflict messages) into a {@link MergeOutcome}. Exit 0 is a clean merge; exit 1 lists the
 * conflicted paths (`<mode> <id> <stage>\t<path>`), each given a kind from its stages and from
 * the stable message types (`CONFLICT (binary)`, `CONFLICT (file/directory)`, renames, modes…).
 *
 * @example
 * ```ts
 * parseMergeTreeOutput({ stdout, exitCode: 1 }); // { clean: false, conflicts: [{ path: 'a.txt', kind: 'content' }] }
 * ```
 */
export function parseMergeTreeOutput(options: { stdout: string; exitCode: number }): MergeOutcome {
  const tokens = options.stdout.split('\0');
  const tree = tokens[0] ?? '';
  if (options.exitCode === 0) return { clean: true, tree: tree.trim() };
  const stages = new Map<string, StageEntry[]>();
  let at = 1;
  for (; at < tokens.length; at++) {
    const token = tokens[at] ?? '';
    if (token === '') break;
    const match = /^(\d+) ([0-9a-f]+) (\d)\t([\s\S]*)$/.exec(token);
    if (!match) continue;
    const path = match[4]!;
    const list = stages.get(path) ?? [];
    list.push({ mode: match[1]!, stage: Number(match[3]) });
    stages.set(path, list);
  }
  const kinds = new Map<string, Set<string>>();
  at += 1;
  while (at < tokens.length) {
    const count = Number(tokens[at]);
    if (!Number.isInteger(count) || count < 0) break;
    const paths = tokens.slice(at + 1, at + 1 + count);
    const type = tokens[at + 1 + count] ?? '';
    at += count + 3; // count, paths, type, message
    for (const path of paths) {
      const set = kinds.get(path) ?? new Set<string>();
      set.add(type);
      kinds.set(path, set);
    }
  }
  const conflicts: MergeConflict[] = [...stages.keys()].sort(comparePaths).map((path) => ({
    path,
    kind: conflictKind(stages.get(path) ?? [], kinds.get(path) ?? new Set()),
  }));
  return { clean: false, conflicts };
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
