import type { AfterMergeHint, PromotionBranchEvent, PullRequestOpenedEvent, PullRequestToOpenEvent, PullRequestWaitingEvent } from '@relctl/engine';

/** The `promote --via-pr` line naming the promotion branch and what it holds. */
export function renderPromotionBranch(event: PromotionBranchEvent): string {
  const where = event.pushedTo !== null ? `pushed to ${event.pushedTo}` : event.dryRun ? 'dry run: nothing written' : 'local only: this repository has no remote';
  const said = event.upToDate ? 'Ready:' : event.dryRun ? 'Would prepare' : 'Prepared';
  return `${said} ${event.branch}: ${event.base} + ${event.requestIds.join(', ')} + release ${event.version} (${where}); ${event.base} does not move until the pull request is merged.\n`;
}

/** The line saying what `relctl after-merge` does once the pull request is merged. */
function renderAfterMerge(hint: AfterMergeHint): string {
  return `Once it is merged, run "relctl after-merge" on ${hint.base} (e.g. in CI) to tag ${hint.tag}, rebuild the other environments and sync the other requests.\n`;
}

/** The pull request relctl opened, updated or found up to date. */
export function renderPullRequestOpened(event: PullRequestOpenedEvent): string {
  const said = { created: 'Opened', updated: 'Updated the notes of', unchanged: 'Up to date:' }[event.action];
  return `${said} pull request #${event.number}: ${event.url}\n${renderAfterMerge(event.afterMerge)}`;
}

/** Why relctl did not open the pull request, and everything needed to open it by hand. */
export function renderPullRequestToOpen(event: PullRequestToOpenEvent): string {
  const why = {
    'dry-run': 'Dry run: no pull request opened.',
    'not-pushed': `Push ${event.head} (git push <remote> ${event.head}), then open the pull request:`,
    'not-github': `${event.remote ?? ''} is not a GitHub repository relctl recognizes (set RELCTL_GITHUB_REPOSITORY=owner/repo if it is); open the pull request yourself:`,
    'no-token': 'No GitHub token (set RELCTL_GIT_TOKEN, GITHUB_TOKEN or GH_TOKEN to let relctl open it); open the pull request yourself:',
  }[event.reason];
  return [
    `${why}\n  base:  ${event.base}\n  head:  ${event.head}\n  title: ${event.title}\n`,
    event.link !== null ? `  link:  ${event.link}\n` : '',
    event.afterMerge !== null ? renderAfterMerge(event.afterMerge) : '',
    `The pull request body (relctl notes ${event.requestIds.join(' ')} --to ${event.env}):\n\n${event.body}`,
  ].join('');
}

/** The promotion pull request waits for an approving review. */
export function renderPullRequestWaiting(event: PullRequestWaitingEvent): string {
  return `Waiting for approval on pull request #${event.number}: ${event.missing.replace(/[.\s]+$/, '')}. An approving review there counts; run "relctl ${event.command}" again after it to mark the pull request ready (${event.status}).\n`;
}
