export { resolutionKey, RESOLUTIONS_PREFIX, type ResolutionKeyOptions } from './resolution-key.js';
export { recordResolution, type RecordResolutionOptions } from './record-resolution.js';
export { listResolutions, type ListResolutionsOptions, type ResolutionInfo } from './list-resolutions.js';
export { learnResolutions, type LearnResolutionsOptions, type LearnedResolution } from './learn-resolutions.js';
export { mergeWithResolutions, type MergeWithResolutionsOptions, type ResolvedMergeOutcome } from './merge-with-resolutions.js';
export { createResolvingGitPort, type CreateResolvingGitPortOptions } from './create-resolving-git-port.js';
export { forgetResolution, type ForgetResolutionOptions } from './forget-resolution.js';
