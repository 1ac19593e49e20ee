export { createIsomorphicRemote, type CreateIsomorphicRemoteOptions, type IsomorphicRemote } from './create-isomorphic-remote.js';
export { remoteTrackingRef, type RemoteTrackingRefOptions } from './remote-tracking-ref.js';
export { resolveGitToken, GIT_TOKEN_VARIABLES, type GitToken, type ResolveGitTokenOptions } from './resolve-git-token.js';
export { mayReceiveToken, type MayReceiveTokenOptions } from './token-scope.js';
