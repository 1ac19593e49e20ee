import type { ResolutionUse } from '../ports/git-port.js';
import type { Plan, PlanStep } from './plan-step.js';
import { shortSha } from '../rules/short-sha.js';

const shortRef = (ref: string): string => (ref.startsWith('refs/heads/') ? ref.slice(11) : ref.startsWith('refs/tags/') ? ref.slice(10) : ref);

function requestRefs(plan: Plan): Map<string, string> {
  const targets = new Set<string>();
  const ids = new Set<string>();
  const found = new Map<string, string>();
  for (const step of plan.steps) {
    if (step.kind === 'merge' || step.kind === 'reset' || step.kind === 'reuse' || step.kind === 'release' || step.kind === 'adopt' || step.kind === 'revert') {
      targets.add(step.ref);
    }
    if (step.kind === 'merge' || step.kind === 'reuse') ids.add(step.requestId);
    if (step.kind === 'sync') found.set(step.requestId, step.ref);
    if (step.kind === 'merge' && step.headRef !== undefined) found.set(step.requestId, step.headRef);
  }
  const candidates = Object.keys(plan.expected).filter((ref) => ref.startsWith('refs/heads/') && !targets.has(ref));
  for (const id of ids) {
    if (found.has(id)) continue;
    const ref = candidates.find((candidate) => candidate === `refs/heads/${id}` || candidate.endsWith(`/${id}`));
    if (ref !== undefined) found.set(id, ref);
  }
  return found;
}

/** `, applying the recorded resolution of README.md (9a8b7c6, recorded by Ann <ann@x>)` — never silent. */
function applying(uses: readonly ResolutionUse[] | undefined): string {
  if (uses === undefined || uses.length === 0) return '';
  const each = uses.map((use) => `${use.path} (${shortSha(use.commit)}, recorded by ${use.by})`);
  return `, applying the recorded resolution${uses.length > 1 ? 's' : ''} of ${each.join(', ')}`;
}

function describeStep(step: PlanStep, refs: ReadonlyMap<string, string>): string {
  const request = (id: string): string => {
    const ref = refs.get(id);
    return ref === undefined ? `request ${id}` : shortRef(ref);
  };
  switch (step.kind) {
    case 'reset':
      return 'ref' in step.to ? `start ${shortRef(step.ref)} from ${shortRef(step.to.ref)}` : `reset ${shortRef(step.ref)} to ${shortSha(step.to.sha)}`;
    case 'merge':
      return (
        (step.headRef === undefined
          ? `merge ${request(step.requestId)} (${shortSha(step.sha)}) into ${shortRef(step.ref)}`
          : `merge ${shortRef(step.headRef)} (its head after sync; ${shortSha(step.sha)} when planned) into ${shortRef(step.ref)}`) + applying(step.resolutions)
      );
    case 'reuse':
      return `keep ${request(step.requestId)} on ${shortRef(step.ref)} (merge ${shortSha(step.commit)})`;
    case 'release':
      return `release ${step.requestIds.join(', ')} on ${shortRef(step.ref)} (version, changelog, changesets)`;
    case 'adopt':
      return `fast-forward to candidate ${shortSha(step.commit)}: ${shortRef(step.ref)} ships ${step.requestIds.join(', ')} as tested (same commit, same tree; its release)`;
    case 'revert':
      if (step.plain === true) return `revert ${shortSha(step.commit)} on ${shortRef(step.ref)} (as git revert)`;
      return `revert ${step.requestId} on ${shortRef(step.ref)} (merge ${shortSha(step.commit)}, as git revert -m 1)`;
    case 'tag':
      return `tag the release on ${shortRef(step.ref)}`;
    case 'sync':
      return `sync ${shortRef(step.ref)} with ${shortRef(step.from)}${applying(step.resolutions)}`;
    case 'commit-files': {
      const files = Object.entries(step.files).map(([path, content]) => (content === null ? `delete ${path}` : path));
      return `commit "${step.message}" on ${shortRef(step.ref)} (${files.join(', ')})`;
    }
    case 'delete-ref':
      return `delete ${shortRef(step.ref)}`;
    case 'record': {
      const { event } = step;
      const about = event.requestIds !== undefined && event.requestIds.length > 0 ? ` ${event.requestIds.join(', ')}` : '';
      const where = event.env !== undefined ? ` (${event.env})` : '';
      const rule = typeof event.data?.['rule'] === 'string' ? ` rule ${event.data['rule']}` : '';
      const reason = event.reason !== undefined ? `: ${event.reason}` : '';
      return `record ${event.type}${about}${where}${rule}${reason}`;
    }
    case 'update-refs':
      return `update refs in one transaction: ${step.refs.map(shortRef).join(', ')}`;
    case 'push':
      return `push to ${step.remote}: ${step.refs.map(shortRef).join(', ')}`;
  }
}

/**
 * One human line per step of a plan, in order: what `--dry-run` prints and what the runner shows
 * as progress. Request branches are named from the plan's own refs (`req/A`), SHAs are shortened
 * to 7 characters, `refs/heads/` and `refs/tags/` are dropped.
 *
 * @example
 * ```ts
 * describePlan(plan);
 * // ['merge req/A (1a2b3c4) into main', 'merge req/C (5d6e7f8) into main', 'release A, C on main (…)', …]
 * ```
 */
export function describePlan(plan: Plan): string[] {
  const refs = requestRefs(plan);
  return plan.steps.map((step) => describeStep(step, refs));
}
