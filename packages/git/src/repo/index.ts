export type { Repository } from './repository.js';
export { openRepository, type OpenRepositoryOptions } from './open-repository.js';
