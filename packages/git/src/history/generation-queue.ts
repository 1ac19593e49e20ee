/**
 * A max-heap of commit ids keyed by generation (highest first, ties by higher key2): walks pop
 * every descendant before its ancestors, so a commit's flags are final when it is popped.
 *
 * @example
 * ```ts
 * const queue = new GenerationQueue();
 * queue.push(id, index.generation(id));
 * while (queue.size > 0) visit(queue.pop());
 * ```
 */
export class GenerationQueue {
  private ids: number[] = [];
  private keys: number[] = [];
  private seconds: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** The highest generation in the queue (-Infinity when empty). */
  peekKey(): number {
    return this.ids.length > 0 ? (this.keys[0] as number) : Number.NEGATIVE_INFINITY;
  }

  push(id: number, key: number, second = 0): void {
    const { ids, keys, seconds } = this;
    let i = ids.length;
    ids.push(id);
    keys.push(key);
    seconds.push(second);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.above(key, second, keys[up] as number, seconds[up] as number)) break;
      ids[i] = ids[up] as number;
      keys[i] = keys[up] as number;
      seconds[i] = seconds[up] as number;
      i = up;
    }
    ids[i] = id;
    keys[i] = key;
    seconds[i] = second;
  }

  pop(): number {
    const { ids, keys, seconds } = this;
    const top = ids[0] as number;
    const lastId = ids.pop() as number;
    const lastKey = keys.pop() as number;
    const lastSecond = seconds.pop() as number;
    const n = ids.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.above(keys[right] as number, seconds[right] as number, keys[child] as number, seconds[child] as number)) child = right;
      if (!this.above(keys[child] as number, seconds[child] as number, lastKey, lastSecond)) break;
      ids[i] = ids[child] as number;
      keys[i] = keys[child] as number;
      seconds[i] = seconds[child] as number;
      i = child;
    }
    ids[i] = lastId;
    keys[i] = lastKey;
    seconds[i] = lastSecond;
    return top;
  }

  private above(key: number, second: number, otherKey: number, otherSecond: number): boolean {
    return key > otherKey || (key === otherKey && second > otherSecond);
  }
}
