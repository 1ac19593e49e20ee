export { CARRY_MODES, DEFAULT_CARRY_MODE, type CarryMode } from './carry-mode.js';
export type { LineageLink } from './lineage-link.js';
export { carriedHeads, type CarriedHeadsOptions } from './carried-heads.js';
export { carryOf, type CarryOfOptions, type CarryVerdict } from './carry-of.js';
export { carryModeFor, type CarryModeForOptions } from './carry-mode-for.js';
export { carriedSince, type CarriedSinceOptions } from './carried-since.js';
export { describeCarry } from './describe-carry.js';
export { carriedRecords, type CarriedRecord, type CarriedRecordsOptions } from './carried-records.js';
export { carryBreak } from './carry-break.js';
