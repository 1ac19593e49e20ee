export { createIsomorphicGitPort, type CreateIsomorphicGitPortOptions } from './create-isomorphic-git-port.js';
