/**
 * Thrown by a test's fault hook to simulate a crash at a fault point: a transaction that sees it
 * leaves its locks and journal exactly as a killed process would, and rethrows it.
 *
 * @example
 * ```ts
 * const faultHook = (point: string) => {
 *   if (point === 'tx:after-journal') throw new InjectedFault(point);
 * };
 * await expect(updateRefs({ repo, updates, message, faultHook })).rejects.toBeInstanceOf(InjectedFault);
 * ```
 */
export class InjectedFault extends Error {
  readonly point: string;
  constructor(point: string) {
    super(`injected fault at ${point}`);
    this.name = 'InjectedFault';
    this.point = point;
  }
}
