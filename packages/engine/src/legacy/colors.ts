import pc from 'picocolors';
import type { Io } from './io.js';

/** The colour functions commands use; identity functions when colour is off. */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colour only on a terminal, never with `NO_COLOR` (https://no-color.org) — not even when
 * `FORCE_COLOR` is set too — or `TERM=dumb`; `FORCE_COLOR` (non-zero) turns it on for tools
 * that capture output.
 */
export function colorsFor(io: Io): Colors {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return pc.createColors(false);
  const force = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  const enabled = force || (io.isTTY && io.env.TERM !== 'dumb');
  return pc.createColors(enabled);
}
