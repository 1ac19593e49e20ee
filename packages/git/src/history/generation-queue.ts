/**
 * A max-heap of commit ids keyed by generation (highest first; ties by the higher second key,
 * then the higher third): walks pop every descendant before its ancestors, so a commit's flags
 * are final when it is popped.
 *
 * @example
 * ```ts
 * const queue = new GenerationQueue();
 * queue.push(id, index.generation(id));
 * while (queue.size > 0) visit(queue.pop());
 * ```
 */
export class GenerationQueue {
  private readonly ids: number[] = [];
  private readonly keys: number[] = [];
  private readonly seconds: number[] = [];
  private readonly thirds: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** The highest key in the queue (-Infinity when empty). */
  peekKey(): number {
    return this.ids.length > 0 ? (this.keys[0] as number) : Number.NEGATIVE_INFINITY;
  }

  push(id: number, key: number, second = 0, third = 0): void {
    this.ids.push(id);
    this.keys.push(key);
    this.seconds.push(second);
    this.thirds.push(third);
    let i = this.ids.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.above(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }

  pop(): number {
    const top = this.ids[0] as number;
    const last = this.ids.length - 1;
    this.swap(0, last);
    this.ids.pop();
    this.keys.pop();
    this.seconds.pop();
    this.thirds.pop();
    const n = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.above(right, left) ? right : left;
      if (!this.above(child, i)) break;
      this.swap(child, i);
      i = child;
    }
    return top;
  }

  /** Does the entry at `a` sort above the entry at `b`? */
  private above(a: number, b: number): boolean {
    const { keys, seconds, thirds } = this;
    if (keys[a] !== keys[b]) return (keys[a] as number) > (keys[b] as number);
    if (seconds[a] !== seconds[b]) return (seconds[a] as number) > (seconds[b] as number);
    return (thirds[a] as number) > (thirds[b] as number);
  }

  private swap(a: number, b: number): void {
    for (const column of [this.ids, this.keys, this.seconds, this.thirds]) {
      const value = column[a] as number;
      column[a] = column[b] as number;
      column[b] = value;
    }
  }
}
