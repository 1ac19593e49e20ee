export {
  buildStatus,
  type BuildStatusOptions,
  type StatusCell,
  type StatusApproval,
  type StatusCheck,
  type MaxAgeWarning,
  type StatusRow,
  type StatusDeployment,
  type StatusEnvironment,
  type StatusReport,
  type DeletedBranchRequest,
  type RequestState,
} from './build-status.js';
export { statusCarry, type StatusCarryOptions } from './status-carry.js';
