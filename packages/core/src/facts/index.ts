export { parseTrailers } from './parse-trailers.js';
export { formatTrailers } from './format-trailers.js';
export {
  membersFromHistory,
  type MembersFromHistoryOptions,
  type MembersFromHistoryResult,
} from './members-from-history.js';
export { parseChangeset } from './parse-changeset.js';
export { readChangesetFrontMatter, type ChangesetFrontMatter } from './read-changeset-front-matter.js';
export { parseFrontMatterPair, type FrontMatterPair } from './parse-front-matter-pair.js';
export { isFrontMatterFiller } from './is-front-matter-filler.js';
export { requestFromBranch, type RequestFromBranchOptions } from './request-from-branch.js';
export { approvalsFromEvents } from './approvals-from-events.js';
export { sinceFromEvents, type SinceFromEventsOptions } from './since-from-events.js';
export { resolutionTrailers } from './resolution-trailers.js';
export { resolutionsFromTrailers, type AppliedResolution } from './resolutions-from-trailers.js';
export { checksFromEvents, type ChecksFromEventsOptions } from './checks-from-events.js';
export { shippedFromEvents, type ShippedRecord } from './shipped-from-events.js';
