import { defaultServerConditions } from 'vite';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * One vitest project per package. Tests resolve workspace packages to their TypeScript
 * sources through the `@relctl/source` export condition, so no build is needed to test.
 */
export function relctlProject(name: string, extra: UserWorkspaceConfig['test'] = {}) {
  const conditions = ['@relctl/source', ...defaultServerConditions];
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...extra,
    },
  });
}
