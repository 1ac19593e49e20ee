import { afterMergeCommand } from './after-merge.js';
import { approveCommand } from './approve.js';
import { boardCommand } from './board.js';
import { candidateCommand } from './candidate.js';
import { checkCommand } from './check.js';
import { conflictsCommand } from './conflicts.js';
import { resolutionsCommand } from './resolutions.js';
import type { RelctlCommand } from './command.js';
import { demoCommand } from './demo.js';
import { demoteCommand } from './demote.js';
import { deployCommand } from './deploy.js';
import { doctorCommand } from './doctor.js';
import { initCommand } from './init.js';
import { logCommand } from './log.js';
import { notesCommand } from './notes.js';
import { promoteCommand } from './promote.js';
import { requestCommand } from './request.js';
import { revertCommand } from './revert.js';
import { rollbackCommand } from './rollback.js';
import { continueCommand, skipCommand, undoCommand } from './run-control.js';
import { statusCommand } from './status.js';
import { syncCommand } from './sync.js';

/** Every relctl command, in the order `relctl --help` lists them. */
export const allCommands: ReadonlyArray<RelctlCommand<never>> = [
  initCommand,
  requestCommand,
  statusCommand,
  boardCommand,
  promoteCommand,
  afterMergeCommand,
  demoteCommand,
  approveCommand,
  checkCommand,
  syncCommand,
  conflictsCommand,
  candidateCommand,
  resolutionsCommand,
  logCommand,
  notesCommand,
  deployCommand,
  rollbackCommand,
  revertCommand,
  continueCommand,
  skipCommand,
  undoCommand,
  doctorCommand,
  demoCommand,
] as never;
