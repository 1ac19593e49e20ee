export { createSystemGitPort, type CreateSystemGitPortOptions, type SystemGitPort } from './create-system-git-port.js';
export { runGit, type RunGitOptions, type RunGitResult } from './run-git.js';
export { GitCommandError } from './git-command-error.js';
export { scrubSecrets } from './scrub-secrets.js';
export { createSystemRemote, type CreateSystemRemoteOptions, type SystemRemote } from './create-system-remote.js';
