import { DependencyCycleError, NotFoundError, UsageError } from '../errors/index.js';
import type { PromotionDecision, RuleOutcome } from '../model/decision.js';
import type { Facts } from '../model/facts.js';
import type { Override, PromotionIntent } from '../model/intent.js';
import type { Policy } from '../model/policy.js';
import type { Request } from '../model/request.js';
import { builtInRules, isBuiltInRuleName } from '../rules/built-in-rules.js';
import type { Rule, RuleContext, RuleRegistry, RuleResult } from '../rules/rule.js';
import { orderByDependencies } from './order-by-dependencies.js';
import { rulesForRequest } from './rules-for-request.js';

/**
 * Options of {@link evaluatePromotion}.
 *
 * @example
 * ```ts
 * const options: EvaluatePromotionOptions = { policy, facts, intent, customRules: { 'has-ticket': hasTicket } };
 * ```
 */
export interface EvaluatePromotionOptions {
  /** From `validateConfig`. */
  policy: Policy;
  facts: Facts;
  intent: PromotionIntent;
  /** Custom rules of a JS/TS config, by name (built-in names always mean the built-in rule). */
  customRules?: RuleRegistry;
}

const STATUSES = new Set(['pass', 'fail', 'warn']);

const firstLine = (text: string): string => {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
};

/** Runs one rule; whatever it does, the answer is a RuleResult. */
const runRule = (name: string, rule: Rule, context: RuleContext): RuleResult => {
  let result: unknown;
  try {
    result = rule(context);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { status: 'fail', message: `rule "${name}" crashed (${firstLine(reason)}); fix the rule, or override it with a reason.` };
  }
  if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function') {
    (result as Promise<unknown>).then(undefined, () => undefined);
    return { status: 'fail', message: `rule "${name}" returned a promise; rules must be synchronous and return { status, message }.` };
  }
  const candidate = result as Partial<RuleResult> | null | undefined;
  if (typeof candidate !== 'object' || candidate === null || !STATUSES.has(String(candidate.status)) || typeof candidate.message !== 'string') {
    return {
      status: 'fail',
      message: `rule "${name}" returned ${JSON.stringify(result) ?? String(result)} instead of { status: "pass" | "fail" | "warn", message }; fix the rule.`,
    };
  }
  return { status: candidate.status as RuleResult['status'], message: candidate.message };
};

/**
 * Check a promotion against the target environment's rules, without changing anything.
 *
 * A hotfix request (`Request.hotfix`) is checked against the target's `hotfixRules` instead of
 * its `rules` when the target has them (see `rulesForRequest`); `decision.hotfixRules` then names
 * it, and an override must name a rule of the set that applies to the requests it covers.
 *
 * The requests (with `intent.withDeps`, plus their transitive dependencies that the target does
 * not hold yet) are put in dependency order; for each, every rule of the target runs with a
 * context whose `intent.requestIds` is that full order. A failing rule with `level: 'warn'`
 * yields `warn`. An override (`rule` + `reason`, optionally for one `requestId`) turns a `fail`
 * into `warn` and is recorded on the outcome as `override: { reason }`. A rule that throws,
 * returns a promise or returns garbage yields a `fail` saying so; evaluation never crashes
 * because of a rule. Requests the target already holds are evaluated too (the planner skips
 * them). `denied` lists requests with a non-overridden failure; `allowed` is `denied.length === 0`.
 * A dependency cycle among the requests is reported by the `depends-on` rule (the order is then
 * the given one).
 *
 * @throws UsageError when the target environment is unknown, no request is named, an override
 *   names a rule the target does not have, has an empty reason, or names a request not promoted.
 * @throws NotFoundError when a request id is not a known request.
 * @example
 * ```ts
 * const decision = evaluatePromotion({ policy, facts, intent: { target: 'prod', requestIds: ['A', 'C'], overrides: [] } });
 * if (!decision.allowed) console.log(formatDecisionTable(decision));
 * ```
 */
export function evaluatePromotion(options: EvaluatePromotionOptions): PromotionDecision {
  const { policy, facts, intent } = options;
  const environmentNames = policy.environments.map((environment) => environment.name);
  const target = policy.environments.find((environment) => environment.name === intent.target);
  if (!target) {
    throw new UsageError(`Unknown environment "${intent.target}": use one of ${environmentNames.join(', ')}.`, {
      target: intent.target,
      environments: environmentNames,
    });
  }
  const requested = [...new Set(intent.requestIds)];
  if (requested.length === 0) {
    throw new UsageError(`No request to promote: name at least one request to promote to ${target.name}.`, { target: target.name });
  }
  const byId = new Map<string, Request>(facts.requests.map((request) => [request.id, request]));
  const missing = requested.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const list = missing.map((id) => `"${id}"`).join(', ');
    throw new NotFoundError(`No request ${list}: there is no branch ${policy.requestPrefix}${missing[0]}; list the requests with relctl request list.`, { requestIds: missing });
  }

  const chosen = [...requested];
  if (intent.withDeps) {
    const held = new Set(facts.environments.find((state) => state.name === target.name)?.members.map((member) => member.requestId) ?? []);
    const inSet = new Set(chosen);
    for (let index = 0; index < chosen.length; index++) {
      for (const dependency of byId.get(chosen[index] ?? '')?.dependsOn ?? []) {
        if (inSet.has(dependency) || held.has(dependency) || !byId.has(dependency)) continue;
        inSet.add(dependency);
        chosen.push(dependency);
      }
    }
  }

  // Each request is checked against its own rule set: a hotfix against the target's hotfixRules.
  const ruleSets = new Map(chosen.map((id) => [id, rulesForRequest({ environment: target, request: byId.get(id) ?? {} })]));
  for (const override of intent.overrides) {
    if (override.requestId !== undefined && !chosen.includes(override.requestId)) {
      throw new UsageError(`Cannot override "${override.rule}" for ${override.requestId}: it is not being promoted (promoting ${chosen.join(', ')}).`, {
        rule: override.rule,
        requestId: override.requestId,
      });
    }
    const covered = override.requestId === undefined ? chosen : [override.requestId];
    const applies = [...new Set(covered.flatMap((id) => ruleSets.get(id)?.rules ?? []).map((spec) => spec.rule))];
    if (!applies.includes(override.rule)) {
      const hotfixes = covered.filter((id) => ruleSets.get(id)?.set === 'hotfix');
      const message =
        hotfixes.length === 0
          ? `Cannot override "${override.rule}": it is not a rule of ${target.name} (its rules: ${applies.join(', ') || 'none'}).`
          : `Cannot override "${override.rule}": it is not a rule that applies here (${hotfixes.join(', ')} ${hotfixes.length === 1 ? 'is a hotfix' : 'are hotfixes'}, checked against ${target.name}'s hotfixRules; rules that apply: ${applies.join(', ') || 'none'}); drop the override.`;
      throw new UsageError(message, {
        rule: override.rule,
        target: target.name,
        rules: applies,
      });
    }
    if (override.reason.trim().length === 0) {
      throw new UsageError(`Give a reason for overriding "${override.rule}" (--reason "…"); it is recorded in the audit log.`, {
        rule: override.rule,
      });
    }
  }

  let order: string[];
  try {
    order = orderByDependencies({ requests: facts.requests, ids: chosen });
  } catch (error) {
    if (!(error instanceof DependencyCycleError)) throw error;
    order = chosen;
  }

  const source = policy.environments.find((environment) => environment.name === target.source);
  const ruleIntent: PromotionIntent = { ...intent, requestIds: [...order] };
  const findOverride = (rule: string, requestId: string): Override | undefined =>
    intent.overrides.find((override) => override.rule === rule && override.requestId === requestId) ??
    intent.overrides.find((override) => override.rule === rule && override.requestId === undefined);

  const outcomes: RuleOutcome[] = [];
  const hotfixRules: string[] = [];
  for (const id of order) {
    const request = byId.get(id);
    if (!request) continue;
    const ruleSet = ruleSets.get(id) ?? rulesForRequest({ environment: target, request });
    if (ruleSet.set === 'hotfix') hotfixRules.push(id);
    for (const spec of ruleSet.rules) {
      const rule = isBuiltInRuleName(spec.rule) ? builtInRules[spec.rule] : options.customRules?.[spec.rule];
      const result: RuleResult = rule
        ? runRule(spec.rule, rule, {
            request,
            target,
            source,
            policy,
            facts,
            intent: ruleIntent,
            options: { ...(spec.options ?? {}) },
          })
        : {
            status: 'fail',
            message: `rule "${spec.rule}" is not defined (not built in, and not a custom rule of the config); define it or remove it from ${target.name}.`,
          };
      const outcome: RuleOutcome = { requestId: id, rule: spec.rule, status: result.status, message: result.message };
      if (result.status === 'fail') {
        const override = findOverride(spec.rule, id);
        if (spec.level === 'warn') outcome.status = 'warn';
        else if (override) {
          outcome.status = 'warn';
          outcome.override = { reason: override.reason };
        }
      }
      outcomes.push(outcome);
    }
  }
  const denied = order.filter((id) => outcomes.some((outcome) => outcome.requestId === id && outcome.status === 'fail'));
  const decision: PromotionDecision = { target: target.name, allowed: denied.length === 0, outcomes, denied, order };
  if (hotfixRules.length > 0) decision.hotfixRules = hotfixRules;
  return decision;
}
