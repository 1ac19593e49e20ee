export type {
  PlanStep,
  ResetStep,
  MergeStep,
  ReuseStep,
  ReleaseStep,
  TagStep,
  SyncStep,
  CommitFilesStep,
  RecordStep,
  UpdateRefsStep,
  PushStep,
  Plan,
} from './plan-step.js';
