/**
 * One finding of `relctl doctor`.
 *
 * @example
 * ```ts
 * const check: DoctorCheck = { name: 'branch env/test', ok: true, detail: 'test (integration) at 1a2b3c4, same as origin' };
 * ```
 */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** What was found, and for a problem how to fix it. */
  detail: string;
  /** A warning does not fail the doctor. */
  warning?: boolean;
}
