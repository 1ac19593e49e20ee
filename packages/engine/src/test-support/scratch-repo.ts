import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTempRepo, GIT_TEST_ENV, makeTempDir, type TempRepo } from '@relctl/testing';
import type { EngineEvent } from '../events/engine-event.js';
import { openSession, type Session } from '../session/open-session.js';

/** A relctl repository made with git alone (no CLI): main with a config, env/test, req/A and req/B. */
export interface ScratchRepo {
  repo: TempRepo;
  /** Where the test environment's deploy command appends each deployed SHA (`deployed.log`). */
  out: string;
  main: string;
  heads: { A: string; B: string };
  /** Open a session on it, collecting its events. */
  open(): Promise<{ session: Session; events: EngineEvent[] }>;
  /** The SHAs the deploy command received, in order. */
  deployed(): string[];
  remove(): void;
}

/**
 * main (config, package.json, app.txt) → env/test at main → req/A and req/B from main, each with
 * a changeset; with `conflicting` both change app.txt's same line. No remote; the test
 * environment deploys with a command that appends `$RELCTL_SHA` to `<out>/deployed.log`.
 */
export function createScratchRepo(options: { conflicting?: boolean } = {}): ScratchRepo {
  const repo = createTempRepo();
  const out = makeTempDir('deployed');
  const config = {
    requestPrefix: 'req/',
    tagPrefix: 'v',
    remote: null,
    environments: [
      {
        name: 'test',
        kind: 'integration',
        branch: 'env/test',
        deploy: { strategy: 'command', command: ['sh', '-c', `echo "$RELCTL_SHA" >> '${out}/deployed.log'; echo deployed`] },
      },
      { name: 'prod', kind: 'release', branch: 'main', source: 'test', rules: ['tested-in'] },
    ],
  };
  const main = repo.commit('main', {
    'relctl.config.json': `${JSON.stringify(config, null, 2)}\n`,
    'package.json': '{ "name": "scratch", "version": "1.0.0" }\n',
    'app.txt': 'one\ntwo\nthree\n',
  });
  repo.git(['branch', 'env/test', main]);
  const request = (id: 'A' | 'B', line: string) => {
    repo.git(['checkout', '-q', '-b', `req/${id}`, main]);
    const head = repo.commit(`request ${id}`, {
      ...(options.conflicting ? { 'app.txt': `one\n${line}\nthree\n` } : { [`${id}.txt`]: `${line}\n` }),
      [`.changeset/${id}.md`]: `---\n"scratch": minor\n---\n\n${id}: ${line}\n`,
    });
    repo.git(['checkout', '-q', 'main']);
    return head;
  };
  const heads = { A: request('A', 'two by A'), B: request('B', 'two by B') };
  return {
    repo,
    out,
    main,
    heads,
    async open() {
      const events: EngineEvent[] = [];
      let clock = Date.UTC(2026, 0, 15, 10);
      const session = await openSession({
        cwd: repo.dir,
        env: { ...GIT_TEST_ENV, PATH: process.env.PATH, HOME: out },
        now: () => (clock += 1000),
        onEvent: (event) => events.push(event),
      });
      return { session, events };
    },
    deployed() {
      try {
        return readFileSync(join(out, 'deployed.log'), 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    remove() {
      repo.remove();
      rmSync(out, { recursive: true, force: true });
    },
  };
}
