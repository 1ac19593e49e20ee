/**
 * The ways records (approvals, `tested-in`, soak time) of an earlier request head may count for
 * its current head: `sync` (they carry across a provably trivial sync, see {@link LineageLink}) or
 * `none` (only records of the exact head count).
 *
 * @example
 * ```ts
 * CARRY_MODES.includes('sync'); // true
 * ```
 */
export const CARRY_MODES = ['sync', 'none'] as const;

/**
 * One of {@link CARRY_MODES}.
 *
 * @example
 * ```ts
 * const mode: CarryMode = 'none';
 * ```
 */
export type CarryMode = (typeof CARRY_MODES)[number];

/**
 * The carry mode when neither the rule nor the environment sets one.
 *
 * @example
 * ```ts
 * DEFAULT_CARRY_MODE; // 'sync'
 * ```
 */
export const DEFAULT_CARRY_MODE: CarryMode = 'sync';
