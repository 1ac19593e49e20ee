import type { AuditLogPort, GitIdentity, GitPort, ReleasePort, RemotePort, Sha } from '@relctl/core';
import type { RunState } from './run-state.js';

/**
 * The adapters a run works through.
 *
 * @example
 * ```ts
 * const ports: RunPorts = { git, log, release, remote };
 * await executePlan({ plan, ports, options, store });
 * ```
 */
export interface RunPorts {
  git: GitPort;
  log: AuditLogPort;
  /** Needed only by plans with a `release` step. */
  release?: ReleasePort;
  /** Needed only by plans with a `push` step. */
  remote?: RemotePort;
}

/**
 * Progress reported to the shell after each step.
 *
 * @example
 * ```ts
 * const onProgress = (p: StepProgress) => console.log(`[${p.index + 1}/${p.total}] ${p.description}: ${p.outcome}`);
 * ```
 */
export interface StepProgress {
  index: number;
  total: number;
  /** Human description of the step (from `describePlanStep`). */
  description: string;
  /** What happened, e.g. `merged as 1a2b3c4`, `conflict, left as it was`. */
  outcome: string;
}

/**
 * Options shared by every run.
 *
 * @example
 * ```ts
 * const options: RunOptions = {
 *   actor: 'Ada Lovelace <ada@example.com>', identity: { name: 'Ada Lovelace', email: 'ada@example.com' },
 *   now: () => Date.now(), tagPrefix: 'v', onProgress: (p) => console.log(`${p.index + 1}/${p.total} ${p.outcome}`),
 * };
 * ```
 */
export interface RunOptions {
  /** `Name <email>` recorded on events. */
  actor: string;
  /** Identity for commits and tags the run writes (timestamp is filled from `now`). */
  identity: { name: string; email: string };
  /** Clock, in epoch milliseconds (injected so tests are deterministic). */
  now: () => number;
  /** Prefix of release tags. */
  tagPrefix: string;
  /** Called after each completed step. */
  onProgress?: (progress: StepProgress) => void;
  /** Remote-tracking value of each ref on the remote when it was fetched (push leases). */
  leases?: Record<string, Sha | null>;
}

/** What step handlers receive. */
export interface StepContext {
  ports: RunPorts;
  options: RunOptions;
  state: RunState;
  /** The run is being continued (after a stop or a crash): a step may find its work half done. */
  resumed?: boolean;
}

/** The working tip of `ref`: moved by earlier steps, else the value the plan expected. */
export function workingTip(state: RunState, ref: string): Sha | null {
  if (ref in state.working) return state.working[ref] ?? null;
  return state.plan.expected[ref] ?? null;
}

/** Like {@link workingTip}, but the ref must exist. */
export function requireWorkingTip(state: RunState, ref: string): Sha {
  const tip = workingTip(state, ref);
  if (!tip) throw new Error(`Plan step needs ${ref}, which does not exist; replan the command.`);
  return tip;
}

/** The commit identity for "now". */
export function commitIdentity(options: RunOptions): GitIdentity {
  return {
    name: options.identity.name,
    email: options.identity.email,
    timestamp: Math.floor(options.now() / 1000),
    timezoneOffset: 0,
  };
}
