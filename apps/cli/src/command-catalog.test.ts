import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandCatalog } from './command-catalog.js';
import { allCommands } from './commands/all-commands.js';
import type { Io } from './io.js';
import { run } from './main.js';

function captureIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd: process.cwd(), env: { NO_COLOR: '1' }, stdout: (text) => out.push(text), stderr: (text) => err.push(text), isTTY: false, now: () => 0, out, err };
}

describe('commandCatalog', () => {
  it('lists every command of allCommands, in order, with the same usage and description', () => {
    expect(commandCatalog.map(({ command, describe }) => ({ command, describe }))).toEqual(allCommands.map(({ command, describe }) => ({ command, describe })));
  });

  it('loads each command from its module', async () => {
    const loaded = await Promise.all(commandCatalog.map((entry) => entry.load()));
    loaded.forEach((command, i) => expect(command).toBe(allCommands[i]));
  });
});

describe('run with the catalog', () => {
  it('lists every command in --help', async () => {
    const io = captureIo();
    // yargs prints help through console.log.
    const logged: string[] = [];
    const original = console.log;
    console.log = (...parts: unknown[]) => void logged.push(parts.join(' '));
    try {
      expect((await run(['--help'], io)).exitCode).toBe(0);
    } finally {
      console.log = original;
    }
    const help = logged.join('\n');
    for (const { command } of allCommands) expect(help).toContain(`relctl ${String(command)}`);
  });

  it('prints the package version for --version', async () => {
    const logged: string[] = [];
    const original = console.log;
    console.log = (...parts: unknown[]) => void logged.push(parts.join(' '));
    try {
      expect((await run(['--version'], captureIo())).exitCode).toBe(0);
    } finally {
      console.log = original;
    }
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(logged.join('\n').trim()).toBe(version);
  });

  it('routes to a command named after global options with values, and reports usage errors', async () => {
    const io = captureIo();
    // `--cwd <dir>` before the command: doctor is still the command that runs (and reports the folder).
    const outcome = await run(['--cwd', '/nonexistent/relctl-catalog-test', 'doctor', '--json'], io);
    expect(JSON.parse(io.out.join(''))).toMatchObject({ ok: false, checks: [{ name: 'setup', ok: false }] });
    expect(outcome.exitCode).toBe(2);

    const unknown = captureIo();
    expect((await run(['no-such-command'], unknown)).exitCode).toBe(2);
    expect(unknown.err.join('')).toBe('relctl: Unknown command "no-such-command"; "relctl --help" lists the commands.\n');

    const none = captureIo();
    expect((await run([], none)).exitCode).toBe(2);
    expect(none.err.join('')).toMatch(/Name a command/);

    const badOption = captureIo();
    expect((await run(['status', '--no-such-option'], badOption)).exitCode).toBe(2);
    expect(badOption.err.join('')).toBe('relctl: Unknown option --no-such-option; "relctl status --help" lists the options.\n');
  });
});
