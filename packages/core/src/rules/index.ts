export type { RuleContext, RuleResult, Rule, RuleRegistry } from './rule.js';
