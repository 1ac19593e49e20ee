import { describeCarry, type StatusCell, type StatusReport, type StatusRow } from '@relctl/core';
import type { Io } from '../io.js';
import { colorsFor } from './colors.js';
import { formatAge, shortSha } from './format.js';
import { renderTable } from './table.js';
import { unverifiedNote } from '@relctl/engine';
import { printable, quotePath } from './printable.js';

/** Longest title a table shows (the rest is cut with …; `--json` has it whole). */
export const TITLE_WIDTH = 60;
/** Longest approver or requester a table shows. */
export const BY_WIDTH = 40;

/**
 * The table the team looks at every morning: one row per request, one column per environment
 * (in / stale / -; `carried from` an earlier head after a trivial sync), a hotfix's `(hotfix)` mark, approvals (stale, or carried across a sync), waiting time with max-age warnings, checks of the head that are
 * not green, dependencies, recorded
 * resolutions a merge applied, and conflicts;
 * then one line per environment with its tip, version and last deployment. Shipped and closed
 * requests are left out (and counted) unless `all`, which adds a state column.
 */
export function renderStatus(report: StatusReport, io: Io, options: { all?: boolean } = {}): string {
  const colors = colorsFor(io);
  const envNames = report.environments.map((env) => env.name);
  const all = options.all === true;
  // Shipped and closed requests leave the table (and their approvals with them) unless --all.
  const shown = all ? report.requests : report.requests.filter((row) => !row.hidden);
  const cell = (value: StatusCell | undefined, row: StatusRow, release: boolean): string => {
    if (release && row.state === 'reverted') return colors.yellow('reverted');
    if (!value || value.state === 'absent') return colors.dim('-');
    if (value.state === 'stale') return colors.yellow(`stale (${shortSha(value.sha)})`);
    if (release && row.shipped) return colors.green('shipped');
    // Holding an earlier head whose test record carries to the head (a trivial sync since).
    const carried = value.carried === undefined ? '' : ` (carried from ${shortSha(value.carried.from)})`;
    return colors.green(`in${value.waitedMs !== undefined ? ` ${formatAge(value.waitedMs)}` : ''}${carried}`);
  };
  const rows = shown.map((row) => {
    const approvals = Object.entries(row.approvals)
      .flatMap(([env, list]) =>
        list.map((approval) => {
          const by = printable(approval.by, { max: BY_WIDTH });
          const signed = approval.signer === undefined ? '' : ` (signed by ${printable(approval.signer)})`;
          if (approval.notCounted !== undefined) return colors.yellow(`${env}: ${by} (does not count: ${printable(approval.notCounted)})`);
          if (approval.carried !== undefined) return `${env}: ${by}${signed}, ${describeCarry(approval.carried)}`;
          return approval.fresh ? `${env}: ${by}${signed}` : colors.yellow(`${env}: ${by}${signed} (stale)`);
        }),
      )
      .join('; ');
    // A check that is red, pending or not reported on the head blocks a checks rule: always shown.
    const blocking = (row.checks ?? []).filter((check) => check.result !== 'pass');
    const checks = blocking
      .map((check) => `${printable(check.name)} ${check.result === 'fail' ? 'failed' : check.result}${check.url === undefined ? '' : ` (${printable(check.url)})`}`)
      .join(', ');
    const stuck = row.maxAgeWarning && blocking.some((check) => check.result === 'fail') ? ', stuck on a red check' : '';
    const warning = row.maxAgeWarning ? colors.yellow(`waiting ${formatAge(row.maxAgeWarning.waitedMs)} on ${row.maxAgeWarning.env} (> ${row.maxAgeWarning.days}d)${stuck}`) : '';
    const conflicts = row.conflicts.map((conflict) => `${conflict.a === row.id ? conflict.b : conflict.a}: ${conflict.paths.map(quotePath).join(', ')}`).join('; ');
    // A recorded resolution is code in neither the request nor the branch: always shown.
    const resolved = Object.entries(row.envs)
      .flatMap(([env, value]) => (value.resolutions ?? []).map((item) => `${env}: ${quotePath(item.path)} (recorded resolution by ${printable(item.by, { max: BY_WIDTH })})`))
      .join('; ');
    return [
      colors.bold(row.id),
      // A hotfix is checked against lighter rules: say so wherever the request is listed.
      `${printable(row.title, { max: TITLE_WIDTH })}${row.hotfix ? colors.yellow(' (hotfix)') : ''}`,
      ...(all ? [stateLabel(row, colors)] : []),
      ...report.environments.map((env) => cell(row.envs[env.name], row, env.kind === 'release')),
      approvals || '-',
      row.dependsOn.join(', ') || '-',
      [
        warning,
        checks ? colors.red(`checks on ${shortSha(row.head)}: ${checks}`) : '',
        resolved ? colors.yellow(`resolved ${resolved}`) : '',
        conflicts ? colors.red(`conflicts ${conflicts}`) : '',
      ]
        .filter(Boolean)
        .join('; ') || '-',
    ];
  });
  const table =
    report.requests.length === 0 && report.deletedBranches === undefined
      ? 'No requests yet. Start one with "relctl request new <id> --title …".\n'
      : shown.length === 0
        ? 'No open requests.\n'
        : renderTable(['request', 'title', ...(all ? ['state'] : []), ...envNames, 'approvals', 'depends on', 'attention'], rows);
  const hidden = all ? deletedBranchLines(report) : hiddenNote(report);
  const envLines = report.environments.map((env) => {
    const deployed = env.lastDeployment ? `; last ${env.lastDeployment.type} ${formatAge(report.now - env.lastDeployment.at)} ago` : '';
    const version = env.version ? ` v${env.version}` : '';
    // The servers run something else than the branch tip: say what, so nobody reads the tip as live.
    const live = env.live
      ? `; ${colors.yellow(`live ${shortSha(env.live.sha)}${env.live.version ? ` v${env.live.version}` : ''} (${env.live.via === 'rolled-back' ? 'rolled back' : 'deployed'}), not the branch tip`)}`
      : '';
    return `  ${colors.bold(env.name.padEnd(6))} ${env.branch} at ${shortSha(env.tip)}${version}, ${env.requestCount} request(s)${deployed}${live}`;
  });
  const unverified = report.environments.flatMap((env) =>
    env.unverifiedRelease ? [`  ${colors.red('warning:')} ${printable(unverifiedNote(env.name, env.unverifiedRelease))}`] : [],
  );
  // Production moved after the last rebuild: what is tested there is not what would ship now.
  const staleBases = report.environments.flatMap((env) =>
    env.staleBase
      ? [
          `  ${colors.yellow('warning:')} ${env.branch} is built on ${shortSha(env.staleBase.base)}, not on ${env.staleBase.baseEnv}'s tip ${shortSha(env.staleBase.baseTip)}; "relctl sync", then "relctl promote <ids> --to ${env.name}", rebuilds it on the tip.`,
        ]
      : [],
  );
  return `${table}${hidden}\nEnvironments:\n${[...envLines, ...unverified, ...staleBases].join('\n')}\n`;
}

/** The state column of `status --all`: open, shipped, closed or reverted. */
function stateLabel(row: StatusRow, colors: ReturnType<typeof colorsFor>): string {
  if (row.state === 'shipped') return colors.green('shipped');
  if (row.state === 'closed') return colors.dim('closed');
  if (row.state === 'reverted') return colors.yellow('reverted');
  return 'open';
}

/** `(3 shipped, 1 closed not shown; relctl status --all shows them)`, or nothing. */
function hiddenNote(report: StatusReport): string {
  const rows = report.requests;
  const shipped = rows.filter((row) => row.hidden && row.state === 'shipped').length;
  const closed = rows.filter((row) => row.hidden && row.state === 'closed').length + (report.deletedBranches?.length ?? 0);
  const parts = [shipped > 0 ? `${shipped} shipped` : '', closed > 0 ? `${closed} closed` : ''].filter(Boolean);
  return parts.length === 0 ? '' : `(${parts.join(', ')} not shown; relctl status --all shows them)\n`;
}

/** `closed, branch deleted: D (was 1a2b3c4, by Kim 3d ago: not wanted); "relctl request reopen D" brings it back` per request. */
function deletedBranchLines(report: StatusReport): string {
  return (report.deletedBranches ?? [])
    .map((gone) => {
      const why = gone.reason === undefined ? '' : `: ${printable(gone.reason)}`;
      return `closed, branch deleted: ${gone.id} (was ${shortSha(gone.sha)}, by ${printable(gone.actor.replace(/ <[^>]*>$/, ''))} ${formatAge(report.now - gone.at)} ago${why}); "relctl request reopen ${gone.id}" brings it back\n`;
    })
    .join('');
}
