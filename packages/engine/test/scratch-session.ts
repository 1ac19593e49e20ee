import { createTempRepo, GIT_TEST_ENV, type TempRepo } from '@relctl/testing';
import type { EngineEvent } from '../src/events/engine-event.js';
import { defaultConfigYaml } from '../src/config/default-config-yaml.js';
import { openSession, type Session } from '../src/session/open-session.js';

/** A scratch repository set up as `relctl init` leaves one (without a remote), and what its sessions reported. */
export interface ScratchRepo {
  repo: TempRepo;
  /** Every event of every session opened with {@link ScratchRepo.session}, in order. */
  events: EngineEvent[];
  /** Open a session on the repository (close it when done); `events` is emptied first. */
  session(): Promise<Session>;
  /** Switch to `branch`, commit `files`, switch back to main; returns the new head. */
  commitOn(branch: string, message: string, files: Record<string, string>): string;
}

/** The shop on main with relctl's default config (no remote), on the system git backend. */
export function createScratchRepo(): ScratchRepo {
  const repo = createTempRepo();
  repo.commit('The shop', {
    'package.json': `${JSON.stringify({ name: 'shop-web', version: '1.0.0', private: true }, null, 2)}\n`,
    'src/orders.js': 'export const total = 0;\n',
    'src/products.js': "export const products = ['Tea'];\n",
    'src/mail.js': "export const sender = 'shop@example.com';\n",
    'relctl.config.yaml': defaultConfigYaml().replace('remote: origin', 'remote: null'),
  });
  const events: EngineEvent[] = [];
  let clock = Date.UTC(2026, 0, 15, 9, 0, 0);
  return {
    repo,
    events,
    session: () => {
      events.length = 0;
      return openSession({
        cwd: repo.dir,
        env: { PATH: process.env.PATH, HOME: repo.dir, ...GIT_TEST_ENV, RELCTL_GIT_BACKEND: 'system' },
        now: () => (clock += 1000),
        onEvent: (event) => events.push(event),
      });
    },
    commitOn(branch, message, files) {
      repo.git(['switch', '-q', branch]);
      const head = repo.commit(message, files);
      repo.git(['switch', '-q', 'main']);
      return head;
    },
  };
}
