export { orderByDependencies, type OrderByDependenciesOptions } from './order-by-dependencies.js';
export { evaluatePromotion, type EvaluatePromotionOptions } from './evaluate-promotion.js';
export { formatDecisionTable, type DecisionTableRow } from './format-decision-table.js';
export { validateRequestId } from './validate-request-id.js';
export { isValidRequestId } from './is-valid-request-id.js';
export { assertRequestsOpen, type AssertRequestsOpenOptions } from './assert-requests-open.js';
export { everyRuleSpec, rulesForRequest, type RulesForRequestOptions, type RuleSetChoice } from './rules-for-request.js';
