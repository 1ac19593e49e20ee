import { AUDIT_LOG_REF, isValidRequestId, shortSha as short, type Environment } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { branchRef } from '../facts/gather-facts.js';
import { compareWithRemote, type RemoteRelation } from './compare-with-remote.js';
import type { DoctorCheck } from './doctor-check.js';

/**
 * The doctor's checks of the refs relctl manages, each compared with the remote's as last
 * fetched: every environment branch (missing, only on the remote as in a fresh clone, behind,
 * ahead, diverged), request branches that are ahead of or diverged from the remote or never
 * pushed, and the audit log. Advice fits the case: a branch that exists only as a
 * remote-tracking ref needs nothing (relctl reads it from there and creates it when it writes);
 * only a branch missing everywhere needs `relctl init`.
 *
 * @example
 * ```ts
 * checks.push(...(await branchChecks(context)));
 * ```
 */
export async function branchChecks(context: CliContext): Promise<DoctorCheck[]> {
  const { git, policy } = context;
  const name = policy.remote && context.remote ? policy.remote : null;
  const remote = context.remote;
  const tracking = (ref: string) => (name && remote ? remote.trackingRef(name, ref) : null);
  const theirsOf = async (ref: string) => {
    const where = tracking(ref);
    return where ? git.readRef(where) : null;
  };
  const checks: DoctorCheck[] = [];
  const onlyThere: string[] = [];

  for (const env of policy.environments) {
    const ref = branchRef(env.branch);
    const ours = await git.readRef(ref);
    const theirs = await theirsOf(ref);
    const relation: RemoteRelation = name ? await compareWithRemote({ git, ours, theirs }) : ours ? 'same' : 'missing';
    if (relation === 'there-only') onlyThere.push(env.branch);
    checks.push(environmentCheck(env, relation, ours, theirs, name));
  }

  const prefix = branchRef(policy.requestPrefix);
  const isRequest = (ref: string) => isValidRequestId(ref.slice(prefix.length));
  const requests = new Set((await git.listRefs(prefix)).map(({ ref }) => ref).filter(isRequest));
  const trackingPrefix = tracking(prefix);
  if (trackingPrefix) {
    for (const { ref } of await git.listRefs(trackingPrefix)) {
      const local = prefix + ref.slice(trackingPrefix.length);
      if (isRequest(local)) requests.add(local);
    }
  }
  let inStep = 0;
  for (const ref of [...requests].sort()) {
    const branch = ref.slice('refs/heads/'.length);
    const ours = await git.readRef(ref);
    const theirs = await theirsOf(ref);
    const relation = name ? await compareWithRemote({ git, ours, theirs }) : 'same';
    if (relation === 'there-only') onlyThere.push(branch);
    else if (relation === 'same' || relation === 'behind') inStep += 1;
    else if (name && relation === 'ahead') {
      checks.push({
        name: `branch ${branch}`,
        ok: false,
        warning: true,
        detail: `at ${short(ours)}, ahead of ${name} (${short(theirs)}): commits not pushed; push them ("git push ${name} ${branch}") so the team sees them`,
      });
    } else if (name && relation === 'here-only') {
      checks.push({
        name: `branch ${branch}`,
        ok: false,
        warning: true,
        detail: `only in this clone (at ${short(ours)}); push it ("git push ${name} ${branch}") so the team sees the request`,
      });
    } else if (name && relation === 'diverged') {
      checks.push({
        name: `branch ${branch}`,
        ok: false,
        detail: `here (${short(ours)}) and on ${name} (${short(theirs)}) both moved; bring them together with git ("git pull" on ${branch}); relctl refuses to move it until then`,
      });
    }
  }
  if (requests.size > 0) {
    const detail = `${requests.size} request branch(es)${name ? `; ${inStep} in step with ${name}` : ''}${onlyThere.some((branch) => branch.startsWith(policy.requestPrefix)) ? `, ${onlyThere.filter((branch) => branch.startsWith(policy.requestPrefix)).length} only on ${name}` : ''}`;
    checks.push({ name: 'requests', ok: true, detail });
  }

  if (name) {
    const ours = await git.readRef(AUDIT_LOG_REF);
    const theirs = await theirsOf(AUDIT_LOG_REF);
    const relation = await compareWithRemote({ git, ours, theirs });
    const log: Record<RemoteRelation, DoctorCheck> = {
      same: { name: 'audit log', ok: true, detail: `same as ${name}` },
      missing: { name: 'audit log', ok: true, detail: 'no events yet' },
      'there-only': { name: 'audit log', ok: true, detail: `only on ${name} so far; relctl reads it from there` },
      behind: { name: 'audit log', ok: true, detail: `${name} has newer events; relctl reads them from there` },
      'here-only': { name: 'audit log', ok: false, warning: true, detail: `events recorded here are not on ${name} yet; the next relctl command that writes pushes them` },
      ahead: { name: 'audit log', ok: false, warning: true, detail: `events recorded here are not on ${name} yet; the next relctl command that writes pushes them` },
      diverged: {
        name: 'audit log',
        ok: false,
        warning: true,
        detail: `here and on ${name} both have new events; the next relctl command that writes merges them (every event is kept)`,
      },
    };
    checks.push(log[relation]);
  }

  if (name && onlyThere.length > 0) {
    checks.push({
      name: 'clone',
      ok: true,
      detail: `${onlyThere.length} branch(es) relctl manages exist here only as ${name}'s remote-tracking refs (a fresh clone): relctl reads them from ${name} and creates the local branches when it writes; nothing to do`,
    });
  }
  return checks;
}

function environmentCheck(env: Environment, relation: RemoteRelation, ours: string | null, theirs: string | null, remote: string | null): DoctorCheck {
  const name = `branch ${env.branch}`;
  const what = `${env.name} (${env.kind})`;
  switch (relation) {
    case 'same':
      return { name, ok: true, detail: `${what} at ${short(ours)}${remote ? `, same as ${remote}` : ''}` };
    case 'missing':
      return { name, ok: false, detail: `missing${remote ? ` here and on ${remote}` : ''}; run "relctl init" to create it` };
    case 'there-only':
      return { name, ok: true, detail: `${what} only on ${remote} (at ${short(theirs)}), as in a fresh clone; relctl reads it from there and creates it here when it writes` };
    case 'behind':
      return { name, ok: true, detail: `${what} at ${short(ours)}; ${remote} is ahead (${short(theirs)}): relctl reads ${remote}'s and moves this one up when it writes` };
    case 'here-only':
      return {
        name,
        ok: false,
        warning: true,
        detail: `${what} at ${short(ours)}, not on ${remote} yet; push it ("git push ${remote} ${env.branch}") so the team sees it`,
      };
    case 'ahead':
      return {
        name,
        ok: false,
        warning: true,
        detail: `${what} at ${short(ours)}, ahead of ${remote} (${short(theirs)}): commits not pushed; push them ("git push ${remote} ${env.branch}") so the team sees them`,
      };
    case 'diverged':
      return env.kind === 'integration'
        ? {
            name,
            ok: false,
            warning: true,
            detail: `${what} here (${short(ours)}) and on ${remote} (${short(theirs)}) both moved; relctl takes ${remote}'s rebuild the next time it writes`,
          }
        : {
            name,
            ok: false,
            detail: `${what} here (${short(ours)}) and on ${remote} (${short(theirs)}) both moved; bring them together with git ("git pull" on ${env.branch}); relctl refuses to move it until then`,
          };
  }
}
