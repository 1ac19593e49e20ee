import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The developers' side of the demo: a scratch repository they work in with plain `git`, as they
 * would every day. relctl itself never needs these commands.
 */
export interface DemoRepository {
  dir: string;
  git(args: string[]): string;
  /** Switch to `branch`, write files, commit them, switch back to main. */
  commitOn(branch: string, message: string, files: Record<string, string>): void;
  readFileAt(ref: string, path: string): string;
}

/** Create the scratch repository with the live web shop already on `main`. */
export function createDemoRepository(dir: string): DemoRepository {
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Dev Team',
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: 'Dev Team',
    GIT_COMMITTER_EMAIL: 'dev@example.com',
  };
  const git = (args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const write = (files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  git(['init', '-q', '--initial-branch=main']);
  git(['config', 'user.name', 'Lee (team lead)']);
  git(['config', 'user.email', 'lee@example.com']);
  write(initialFiles());
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'The web shop as it runs in production']);
  return {
    dir,
    git,
    commitOn(branch, message, files) {
      git(['switch', '-q', branch]);
      write(files);
      git(['add', '-A']);
      git(['commit', '-q', '-m', message]);
      git(['switch', '-q', 'main']);
    },
    readFileAt: (ref, path) => git(['show', `${ref}:${path}`]),
  };
}

function initialFiles(): Record<string, string> {
  return {
    'package.json': `${JSON.stringify({ name: 'shop-web', version: '1.0.0', private: true, scripts: { start: 'node src/server.js' } }, null, 2)}\n`,
    'src/server.js': "import { orders } from './orders.js';\nimport { products } from './products.js';\n\nconsole.log('shop running', orders.length, products.length);\n",
    'src/orders.js': 'export const orders = [];\n\nexport function orderTotal(order) {\n  return order.items.reduce((sum, item) => sum + item.price, 0);\n}\n',
    'src/products.js': "export const products = [{ id: 1, name: 'Tea' }];\n",
    'src/users.js': 'export function displayName(user) {\n  return user.name;\n}\n',
    'src/mail.js': "export const sender = 'shop@example.com';\n",
    'README.md': '# shop-web\n\nThe live web shop.\n',
  };
}
