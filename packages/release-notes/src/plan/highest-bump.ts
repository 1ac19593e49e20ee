import type { Bump } from '@relctl/core';

const ORDER: readonly Bump[] = ['none', 'patch', 'minor', 'major'];

/**
 * The highest of some bumps (`major` > `minor` > `patch` > `none`); `none` for an empty list.
 *
 * @example
 * ```ts
 * highestBump(['patch', 'minor', 'none']); // 'minor'
 * ```
 */
export function highestBump(bumps: readonly Bump[]): Bump {
  let highest = 0;
  for (const bump of bumps) highest = Math.max(highest, ORDER.indexOf(bump));
  return ORDER[highest] as Bump;
}
