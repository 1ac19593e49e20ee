/**
 * Compare the id stored at `at` with `key` (whose first 4 bytes are `head`): negative when the
 * stored id sorts first. Comparing 4 bytes as one number settles almost every step of a
 * binary search over sorted ids (pack indexes, commit-graphs).
 *
 * @example
 * ```ts
 * const order = compareKey(index, namesAt + mid * 20, key, key.readUInt32BE(0), 20);
 * ```
 */
export function compareKey(buffer: Buffer, at: number, key: Buffer, head: number, hashLength: number): number {
  const stored = buffer.readUInt32BE(at);
  if (stored !== head) return stored < head ? -1 : 1;
  for (let i = 4; i < hashLength; i += 1) {
    const diff = (buffer[at + i] as number) - (key[i] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}
