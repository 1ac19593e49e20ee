export type {
  PlanStep,
  ResetStep,
  MergeStep,
  ReuseStep,
  ReleaseStep,
  AdoptStep,
  RevertStep,
  TagStep,
  SyncStep,
  CommitFilesStep,
  DeleteRefStep,
  RecordStep,
  UpdateRefsStep,
  PushStep,
  Plan,
} from './plan-step.js';
export { planRebuild, type PlanRebuildOptions } from './plan-rebuild.js';
export { planPromotion, type PlanPromotionOptions } from './plan-promotion.js';
export { planAfterMerge, type PlanAfterMergeOptions, type LandedRelease } from './plan-after-merge.js';
export { planDemotion, type PlanDemotionOptions } from './plan-demotion.js';
export { planRevert, type PlanRevertOptions } from './plan-revert.js';
export { planSync, type PlanSyncOptions } from './plan-sync.js';
export { planRecord, type PlanRecordOptions } from './plan-record.js';
export { planApproval, type PlanApprovalOptions } from './plan-approval.js';
export { planCheckRecord, type PlanCheckRecordOptions } from './plan-check-record.js';
export { planRequestCreate, type PlanRequestCreateOptions } from './plan-request-create.js';
export { describePlan } from './describe-plan.js';
export { mergeMessage } from './merge-message.js';
export { planClose, type PlanCloseOptions } from './plan-close.js';
export { planReopen, type PlanReopenOptions } from './plan-reopen.js';
export { planReship, type PlanReshipOptions } from './plan-reship.js';
