import type { DeploymentRecord } from '@relctl/engine';
import type { Io } from '../io.js';
import { colorsFor } from '../output/colors.js';
import { shortSha } from '../output/format.js';
import { renderTable } from '../output/table.js';

/** A duration as `850ms`, `12.3s` or `4m 05s`. */
function took(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/**
 * The table of `relctl log --deployments`, newest first as given: when, environment, what
 * (deployed / rolled back), result, who, SHA, version, requests, duration, reason.
 *
 * @example
 * ```ts
 * io.stdout(renderDeployments(deploymentHistory({ events, env: 'prod' }).reverse(), io));
 * ```
 */
export function renderDeployments(records: readonly DeploymentRecord[], io: Io): string {
  if (records.length === 0) return 'No deployments recorded yet. Deploy with "relctl deploy <env>".\n';
  const colors = colorsFor(io);
  const rows = records.map((record) => [
    new Date(record.at).toISOString().replace('T', ' ').slice(0, 16),
    record.env,
    record.type === 'deployed' ? 'deployed' : 'rolled back',
    record.ok ? colors.green('ok') : colors.red('FAILED'),
    record.actor,
    shortSha(record.sha),
    record.version ?? '-',
    record.requestIds.join(', ') || '-',
    took(record.durationMs),
    record.reason ?? '-',
  ]);
  return renderTable(['when (UTC)', 'env', 'what', 'result', 'who', 'sha', 'version', 'requests', 'took', 'reason'], rows);
}
