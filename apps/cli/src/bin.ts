#!/usr/bin/env node
import { processIo } from './io.js';
import { run } from './main.js';

const { exitCode } = await run(process.argv.slice(2), processIo());
process.exitCode = exitCode;
