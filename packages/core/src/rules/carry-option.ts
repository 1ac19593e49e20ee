import { z } from 'zod';
import { CARRY_MODES } from '../carry/carry-mode.js';

/**
 * The `carry` option of the `approved`, `tested-in` and `soak` rules: whether records of an
 * earlier request head count after a trivial sync (`sync`) or not (`none`). Default: the
 * environment's `carry`, else `sync`.
 *
 * @example
 * ```ts
 * z.strictObject({ carry: carryOptionSchema }).parse({ carry: 'none' });
 * ```
 */
export const carryOptionSchema = z.enum(CARRY_MODES).optional().meta({
  description:
    "`sync`: a record of an earlier head counts for a head that only brought production in by a clean merge; `none`: only records of the exact head count. Default: the environment's `carry`, else `sync`.",
});
