// What action.yml runs (bundled into bundle/index.mjs): the action with the process's environment.
import { main } from './main.js';

process.exitCode = await main({ env: process.env, write: (text) => process.stdout.write(text) });
