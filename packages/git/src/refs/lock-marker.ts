/** Options of {@link lockMarker}. */
export interface LockMarkerOptions {
  /** The transaction's journal id. */
  id: string;
}

/**
 * The text a ref transaction writes into each lock file it creates, until the lock gets its new
 * value: after a crash, recovery removes exactly the locks holding it (no other process's).
 *
 * @example
 * ```ts
 * lockMarker({ id: '1767225600000-4242-1a2b3c4d' }); // 'relctl-transaction 1767225600000-4242-1a2b3c4d\n'
 * ```
 */
export function lockMarker({ id }: LockMarkerOptions): string {
  return `relctl-transaction ${id}\n`;
}
