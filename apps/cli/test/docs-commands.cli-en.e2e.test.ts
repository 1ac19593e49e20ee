// The commands of the docs DOC_GROUPS['cli-en'] names, run on a vitest worker of their own (see docs-commands.ts).
import { describeDocCommands } from './docs-commands.js';

describeDocCommands('cli-en');
