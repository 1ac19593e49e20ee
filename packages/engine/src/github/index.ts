export { parseGithubRemote, type ParseGithubRemoteOptions, type GithubRepository } from './parse-github-remote.js';
export { readGithubSettings, type ReadGithubSettingsOptions, type GithubSettings } from './read-github-settings.js';
export {
  createGithubClient,
  type CreateGithubClientOptions,
  type GithubClient,
  type GithubCheckRun,
  type GithubCommitStatus,
  type IssueComment,
  type PullRequest,
  type PullReview,
  type RepositoryName,
} from './create-github-client.js';
export { openPullRequest, type OpenPullRequestOptions, type OpenPullRequestResult } from './open-pull-request.js';
export { githubChecks, type GithubChecksOptions } from './github-checks.js';
export { upsertMarkedComment, type UpsertMarkedCommentOptions, type UpsertMarkedCommentResult } from './upsert-marked-comment.js';
