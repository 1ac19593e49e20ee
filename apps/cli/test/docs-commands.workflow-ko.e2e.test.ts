// The commands of the docs DOC_GROUPS['workflow-ko'] names, run on a vitest worker of their own (see docs-commands.ts).
import { describeDocCommands } from './docs-commands.js';

describeDocCommands('workflow-ko');
