import type { Plan, PromotionDecision } from '@relctl/core';

/**
 * What the engine reports while it works, instead of printing: a front end turns each event into
 * text (the CLI prints exactly the lines it always printed), a GitHub Action into log lines or a
 * comment, a test into an array to assert on. Events are plain JSON-safe data.
 *
 * - `warning`: something is off but the operation goes on (a GitHub variable that cannot be read…).
 * - `decision`: the rules' verdict on a promotion, before anything moves.
 * - `note`: a remark of the plan being carried out (a request skipped, a version decided…).
 * - `plan-preview`: a dry run's plan, with the step lines a real run would report.
 * - `step`: one step of a plan was carried out (`index` from 0, of `total`).
 * - `sync-conflict`: an open request could not be synced into an environment's new tip.
 * - `text`: a line of the older kind, still written as finished text by code not yet turned into
 *   typed events (issue 17 phase 2 moves them one by one); `stream` says where the CLI prints it.
 *
 * @example
 * ```ts
 * const events: EngineEvent[] = [];
 * const session = await openSession({ cwd: repoDir, onEvent: (event) => events.push(event) });
 * ```
 */
export type EngineEvent =
  | { type: 'warning'; message: string }
  | { type: 'decision'; decision: PromotionDecision }
  | { type: 'note'; message: string }
  | { type: 'plan-preview'; plan: Plan; lines: string[] }
  | { type: 'step'; index: number; total: number; line: string; outcome: string }
  | { type: 'sync-conflict'; requestId: string; ref: string; paths: string[] }
  | { type: 'text'; stream: 'stdout' | 'stderr'; text: string };

/**
 * Receives the engine's {@link EngineEvent}s, synchronously and in order.
 *
 * @example
 * ```ts
 * const onEvent: EngineEventListener = (event) => {
 *   if (event.type === 'warning') console.warn(event.message);
 * };
 * ```
 */
export type EngineEventListener = (event: EngineEvent) => void;
