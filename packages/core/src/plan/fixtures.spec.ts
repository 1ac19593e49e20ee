/**
 * Test fixtures for the planners and status (not a test file: vitest runs `*.test.ts` only, and
 * `*.spec.ts` is excluded from the library build). Policies and facts are built by hand.
 */
import type { PromotionDecision, RuleOutcome } from '../model/decision.js';
import type { Environment } from '../model/environment.js';
import type { EnvironmentMember, Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Request, Sha } from '../model/request.js';

/** A deterministic 40-hex SHA for a label (FNV-1a, five rounds). */
export function sha(label: string): Sha {
  let out = '';
  for (let round = 0; round < 5; round += 1) {
    let hash = 0x811c9dc5 ^ round;
    for (const char of `${round}:${label}`) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    out += hash.toString(16).padStart(8, '0');
  }
  return out;
}

export const testEnv: Environment = { name: 'test', branch: 'env/test', kind: 'integration', rules: [] };
export const prodEnv: Environment = { name: 'prod', branch: 'main', kind: 'release', source: 'test', rules: [] };

export function policy(remote: string | null = 'origin', environments: Environment[] = [testEnv, prodEnv]): Policy {
  return { requestPrefix: 'req/', tagPrefix: 'v', remote, environments };
}

export function request(id: string, extra: Partial<Request> = {}): Request {
  return { id, branch: `req/${id}`, head: sha(`${id}-head`), title: `Title ${id}`, dependsOn: [], ...extra };
}

export function member(request: Request, since = 1_000, held: Sha = request.head): EnvironmentMember {
  return { requestId: request.id, sha: held, mergeCommit: sha(`test-merge-${request.id}-${held}`), since };
}

export const MAIN = sha('main-1');
export const LOG = sha('log-1');
export const NOW = 1_700_000_000_000;

/** The user's story: A, B, C, D all on test (built on main), nothing of them in prod yet. */
export function storyFacts(): Facts {
  const requests = ['A', 'B', 'C', 'D'].map((id) => request(id));
  const members = requests.map((item, index) => member(item, NOW - (index + 1) * 3_600_000));
  return {
    now: NOW,
    requests,
    environments: [
      { name: 'test', tip: members[3]?.mergeCommit ?? null, base: MAIN, members },
      { name: 'prod', tip: MAIN, members: [], version: '1.3.0' },
    ],
    approvals: [
      { requestId: 'A', env: 'prod', sha: sha('A-head'), by: 'Kim <kim@example.com>', at: NOW - 1000 },
      { requestId: 'C', env: 'prod', sha: sha('C-head'), by: 'Kim <kim@example.com>', at: NOW - 900 },
    ],
    events: [{ type: 'request-created', at: NOW - 10_000, actor: 'Lee <lee@example.com>', requestIds: ['A'], id: LOG }],
    conflicts: [],
  };
}

/** A decision allowing `order` into `target`, every rule passing (optionally with overrides). */
export function allow(target: string, order: string[], extra: RuleOutcome[] = []): PromotionDecision {
  const outcomes: RuleOutcome[] = order.map((requestId) => ({
    requestId,
    rule: 'tested-in',
    status: 'pass',
    message: 'in test at its head',
  }));
  return { target, allowed: true, outcomes: [...outcomes, ...extra], denied: [], order };
}
