/**
 * `@relctl/testing` (private): temp git repositories with deterministic config, for adapter
 * and CLI tests that use the real `git` binary as the oracle.
 *
 * @packageDocumentation
 */
export { git, gitResult, GIT_TEST_ENV, type GitOptions, type GitResult } from './git.js';
export { createTempRepo, openTempRepo, makeTempDir, type TempRepo, type CreateTempRepoOptions } from './temp-repo.js';
export { startGitHttpServer, type GitHttpServer, type StartGitHttpServerOptions } from './http-git-server.js';
export { startFakeGithub, type FakeGithub, type StartFakeGithubOptions, type RecordedRequest } from './fake-github/start-fake-github.js';
export type {
  FakeCheckRun,
  FakeComment,
  FakeGithubFault,
  FakeGithubGrant,
  FakeGithubViolation,
  FakePull,
  FakeReview,
  FakeStatus,
  GithubPermission,
  MergeMethod,
  ReviewState,
} from './fake-github/fake-github-model.js';
