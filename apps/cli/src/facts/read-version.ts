import type { GitPort } from '@relctl/core';

/** The highest `<prefix>X.Y.Z` release tag, without the prefix, or `null` before the first release. */
export async function readVersion(git: GitPort, tagPrefix: string): Promise<string | null> {
  const prefix = `refs/tags/${tagPrefix}`;
  let best: [number, number, number] | null = null;
  for (const { ref } of await git.listRefs(prefix)) {
    const match = ref.slice(prefix.length).match(/^(\d+)\.(\d+)\.(\d+)$/);
    if (!match) continue;
    const version: [number, number, number] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (!best || compare(version, best) > 0) best = version;
  }
  return best ? best.join('.') : null;
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
