import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GenerationQueue } from './generation-queue.js';

describe('GenerationQueue', () => {
  it('pops by key, then second key, then third key, highest first', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))), (entries) => {
        const queue = new GenerationQueue();
        entries.forEach(([key, second, third], id) => queue.push(id, key, second, third));
        const popped: number[] = [];
        while (queue.size > 0) popped.push(queue.pop());
        const expected = entries
          .map((entry, id) => ({ entry, id }))
          .sort((x, y) => y.entry[0] - x.entry[0] || y.entry[1] - x.entry[1] || y.entry[2] - x.entry[2])
          .map(({ entry }) => entry.join());
        expect(popped.map((id) => (entries[id] as number[]).join())).toEqual(expected);
        expect(queue.peekKey()).toBe(Number.NEGATIVE_INFINITY);
      }),
    );
  });
});
