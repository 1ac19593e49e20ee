// Embedding the relctl policy engine: decide and plan a promotion with @relctl/core alone.
//
// No git, no files, no clock: the policy comes from validateConfig, the facts are plain data
// (here made by hand; in relctl they are read from git), and the answer is plain data too.
//
// Run it from the repository root after a build:
//   npx tsc -b packages/core/tsconfig.lib.json
//   node examples/embed-core/evaluate-promotion.mjs
import { describePlan, evaluatePromotion, formatDecisionTable, planPromotion, validateConfig } from '@relctl/core';

// 1. The policy. An empty config means the defaults: `test` (integration, branch env/test) and
//    `prod` (release, branch main, source test, rules tested-in, approved, changeset,
//    depends-on, clean-merge). `remote: null` keeps the plan local (no push step).
const checked = validateConfig({ input: { remote: null } });
if (!checked.ok) {
  for (const issue of checked.issues) console.error(`${issue.path}: ${issue.message}`);
  process.exit(2);
}
const { policy } = checked;

// 2. The facts: the user's story. Four requests A, B, C, D were developed in parallel and all
//    four are on the test server. The users tried them; Kim approved A and C for production.
const NOW = Date.UTC(2026, 0, 15, 9, 0); // "now" is an argument, never the machine clock
const HOUR = 3_600_000;
const sha = (label) => label.repeat(40).slice(0, 40); // stand-ins for real commit ids
const heads = { A: sha('a1'), B: sha('b2'), C: sha('c3'), D: sha('d4') };
const MAIN = sha('0f');

const requests = [
  { id: 'A', title: 'CSV export of orders', requester: 'Kim', bump: 'minor' },
  { id: 'B', title: 'New product page layout', requester: 'Park', bump: 'minor' },
  { id: 'C', title: 'Fix rounding in order totals', requester: 'Kim', bump: 'patch' },
  { id: 'D', title: 'Welcome e-mail for new users', requester: 'Choi', bump: 'minor' },
].map(({ id, title, requester, bump }) => ({
  id,
  branch: `req/${id}`,
  head: heads[id],
  title,
  requester,
  dependsOn: [],
  changeset: { bump, summary: title },
  createdAt: NOW - 72 * HOUR,
}));

const facts = {
  now: NOW,
  requests,
  environments: [
    {
      name: 'test',
      tip: sha('7e'),
      base: MAIN,
      members: requests.map((request, index) => ({ requestId: request.id, sha: request.head, since: NOW - (48 - index) * HOUR })),
    },
    { name: 'prod', tip: MAIN, members: [], version: '1.3.0' },
  ],
  approvals: [
    { requestId: 'A', env: 'prod', sha: heads.A, by: 'Kim', at: NOW - 2 * HOUR },
    { requestId: 'C', env: 'prod', sha: heads.C, by: 'Kim', at: NOW - HOUR },
  ],
  events: [],
  conflicts: [],
};

const printDecision = (decision) => {
  console.log(`Promote ${decision.order.join(', ')} to ${decision.target}: ${decision.allowed ? 'allowed' : `denied (${decision.denied.join(', ')})`}`);
  for (const row of formatDecisionTable(decision)) {
    console.log(`  ${row.request}  ${row.rule.padEnd(11)} ${row.status.padEnd(4)}  ${row.message}`);
  }
};

// 3. Decide: ship A and C to production, leave B and D on test.
const intent = { target: 'prod', requestIds: ['A', 'C'], overrides: [] };
const decision = evaluatePromotion({ policy, facts, intent });
printDecision(decision);

// 4. Plan: the exact steps relctl's runner would carry out (`relctl promote A C --to prod --dry-run`).
const plan = planPromotion({ policy, facts, intent, decision, command: 'promote A C --to prod' });
console.log(`\nPlan for "relctl ${plan.command}":`);
describePlan(plan).forEach((line, index) => console.log(`  ${index + 1}. ${line}`));

// 5. For contrast: B was not approved, so promoting it is refused, with the rule and the reason.
console.log('');
printDecision(evaluatePromotion({ policy, facts, intent: { target: 'prod', requestIds: ['B'], overrides: [] } }));
