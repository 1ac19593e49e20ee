import type { RunPorts } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';

/**
 * The ports a run of the session uses: git, the audit log, the release port (lazy: only a plan
 * with a `release` step opens it) and, unless `local`, the remote. The one place every run —
 * promotions, continued runs, undo, deploy bookkeeping, trial candidates — gets its ports from.
 *
 * @example
 * ```ts
 * await executePlan({ plan, ports: runPorts(session), options: session.runOptions, store: session.store });
 * await executePlan({ plan: trial, ports: runPorts(session, { local: true }), options, store });
 * ```
 */
export function runPorts(context: CliContext, options: { local?: boolean } = {}): RunPorts {
  return { git: context.git, log: context.log, release: context.release, ...(context.remote && options.local !== true ? { remote: context.remote } : {}) };
}
