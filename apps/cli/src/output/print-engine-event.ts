import type { EngineEvent, EngineEventListener } from '@relctl/engine';
import type { Io } from '../io.js';
import { colorsFor } from './colors.js';
import { printable, quotePath } from './printable.js';
import { renderDecision } from './render-decision.js';
import { toJson } from './format.js';
import { renderPromotionBranch, renderPullRequestOpened, renderPullRequestToOpen, renderPullRequestWaiting } from './render-promotion-branch.js';

/**
 * The CLI's listener for the engine's events: each one printed as the line(s) relctl has always
 * printed for it. Text from a repository or a person goes through {@link printable}.
 */
export function printEngineEvent(io: Io): EngineEventListener {
  return (event: EngineEvent) => {
    switch (event.type) {
      case 'warning':
        io.stderr(`warning: ${event.message}\n`);
        return;
      case 'decision':
        io.stdout(renderDecision(event.decision, io));
        return;
      case 'note':
        io.stdout(`note: ${printable(event.message)}\n`);
        return;
      case 'plan-preview':
        io.stdout(`Plan for "relctl ${event.plan.command}" (dry run, nothing changed):\n`);
        for (const note of event.plan.notes) io.stdout(`  note: ${printable(note)}\n`);
        event.lines.forEach((line, index) => io.stdout(`  ${index + 1}. ${printable(line)}\n`));
        return;
      case 'step': {
        const colors = colorsFor(io);
        io.stdout(`  ${colors.dim(`${event.index + 1}/${event.total}`)} ${printable(event.line)} ${colors.dim(`— ${event.outcome}`)}\n`);
        return;
      }
      case 'sync-conflict': {
        const colors = colorsFor(io);
        io.stdout(
          event.leftOutOf === undefined
            ? `${colors.yellow('warning:')} ${event.requestId} was not synced: conflict in ${event.paths.map((path) => quotePath(path)).join(', ')}; run "relctl sync ${event.requestId} --worktree" to resolve it by hand.\n`
            : `${colors.yellow('warning:')} ${event.requestId} was not synced: conflict in ${event.paths.map((path) => quotePath(path)).join(', ')}; it is left out of ${event.leftOutOf} until you run "relctl sync ${event.requestId} --worktree" to resolve it, then "relctl promote ${event.requestId} --to ${event.leftOutOf}".\n`,
        );
        return;
      }
      case 'progress':
        io.stderr(`note: ${event.message}\n`);
        return;
      case 'deploy-output':
        io[event.stream](`${event.line}\n`);
        return;
      case 'result':
        io.stdout(toJson(event.value));
        return;
      case 'candidate-approved':
        io.stdout(
          `Approved candidate ${event.candidate} (${event.requestIds.join(', ')}) for ${event.env}: tree ${event.tree} (by ${event.by}). Promoting exactly these requests ships this tree; any change refuses it.\n`,
        );
        return;
      case 'check-recorded': {
        const about = event.requestIds.length > 0 ? ` (head of ${event.requestIds.join(', ')})` : '';
        const signed = event.signed ? ', signed with your git signing key' : '';
        io.stdout(`Recorded ${printable(event.name)} ${event.result} for ${event.sha.slice(0, 7)}${about}${signed}. A new commit needs its own result.\n`);
        return;
      }
      case 'promotion-branch-kept':
        io.stdout(`${event.branch} already holds this promotion at ${event.sha.slice(0, 7)}; it is left as it is.\n`);
        return;
      case 'promotion-branch':
        io.stdout(renderPromotionBranch(event));
        return;
      case 'pull-request-opened':
        io.stdout(renderPullRequestOpened(event));
        return;
      case 'pull-request-to-open':
        io.stdout(renderPullRequestToOpen(event));
        return;
      case 'pull-request-waiting':
        io.stdout(renderPullRequestWaiting(event));
        return;
      case 'release-landed': {
        const how = event.how === 'same-tree' ? "its tree is the release's" : `its tree is the release's plus what landed on ${event.base} meanwhile`;
        io.stdout(`${event.branch} landed on ${event.base} as ${event.commit.slice(0, 7)} (squashed or rebased): ${how} (release commit ${event.releaseCommit.slice(0, 7)}).\n`);
        return;
      }
    }
  };
}
