export type {
  PlanStep,
  ResetStep,
  MergeStep,
  ReuseStep,
  ReleaseStep,
  TagStep,
  SyncStep,
  RecordStep,
  UpdateRefsStep,
  PushStep,
  Plan,
} from './plan-step.js';
