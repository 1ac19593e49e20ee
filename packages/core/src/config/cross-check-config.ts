import type { z } from 'zod';
import { BUILT_IN_RULE_NAMES, isBuiltInRuleName, ruleOptionSchemas } from '../rules/built-in-rules.js';
import { closestName } from './closest-name.js';
import { configErrorMap } from './config-error-map.js';
import type { configSchema, environmentSchema } from './config-schema.js';
import { refNameProblem } from './ref-name-problem.js';

/** An issue found by {@link crossCheckConfig}, with its raw path. */
export interface RawConfigIssue {
  path: readonly PropertyKey[];
  message: string;
  /** Zod issues of a rule's options, to be reported under `path`. */
  optionIssues?: readonly z.core.$ZodIssue[];
}

/** Options of {@link crossCheckConfig}. */
export interface CrossCheckConfigOptions {
  config: z.output<typeof configSchema>;
  environments: readonly z.output<typeof environmentSchema>[];
  customRules: readonly string[];
}

/** Rules that read the source environment and make no sense without one. */
const NEEDS_SOURCE = new Set(['tested-in', 'soak']);

const branchProblem = (branch: string): string | undefined => {
  const problem = refNameProblem(branch);
  if (problem) return problem;
  if (branch.startsWith('-')) return 'it starts with "-"';
  if (branch === 'HEAD') return 'git reserves "HEAD"';
  if (branch.startsWith('refs/')) return 'it is a full ref name; write the short branch name (e.g. "main" for "refs/heads/main")';
  return undefined;
};

const ruleNameOf = (entry: string | { rule: string }): string => (typeof entry === 'string' ? entry : entry.rule);

/**
 * The checks of a config that span fields: unique names and branches, one release
 * environment, `source`/`base` references and cycles, branch and prefix names as git allows
 * them, known rule names, and each built-in rule's options. Runs on a config that already
 * passed the schema.
 *
 * @example
 * ```ts
 * crossCheckConfig({ config, environments, customRules: [] }); // [] when all is well
 * ```
 */
export function crossCheckConfig(options: CrossCheckConfigOptions): RawConfigIssue[] {
  const { config, environments } = options;
  const issues: RawConfigIssue[] = [];
  const add = (path: readonly PropertyKey[], message: string): void => {
    issues.push({ path, message });
  };
  const allowedRefText = 'no spaces, "..", "~^:?*[\\", "@{", control characters, or parts starting with "." or ending with ".lock"';

  // Prefixes and remote.
  const prefixProblem = refNameProblem(`${config.requestPrefix}x`) ?? (config.requestPrefix.startsWith('-') ? 'it starts with "-"' : undefined);
  if (prefixProblem) {
    add(['requestPrefix'], `"${config.requestPrefix}" cannot begin a git branch name (${prefixProblem}): use a prefix like "req/" with ${allowedRefText}`);
  }
  if (config.tagPrefix !== '') {
    const tagProblem = refNameProblem(`${config.tagPrefix}1.0.0`) ?? (config.tagPrefix.startsWith('-') ? 'it starts with "-"' : undefined);
    if (tagProblem) add(['tagPrefix'], `"${config.tagPrefix}" cannot begin a git tag name (${tagProblem}): use a prefix like "v", or ""`);
  }
  if (config.remote !== null) {
    const remoteProblem = refNameProblem(config.remote) ?? (config.remote.startsWith('-') ? 'it starts with "-"' : undefined);
    if (remoteProblem) add(['remote'], `"${config.remote}" is not a valid remote name (${remoteProblem}): use a name like "origin", or null`);
  }

  // Names, kinds, branches.
  const names = environments.map((environment) => environment.name);
  const nameList = [...new Set(names)].join(', ');
  const indexByName = new Map<string, number>();
  environments.forEach((environment, index) => {
    const first = indexByName.get(environment.name);
    if (first !== undefined) {
      add(['environments', index, 'name'], `environment name "${environment.name}" is already used by environments[${first}]: give each environment its own name`);
    } else {
      indexByName.set(environment.name, index);
    }
  });

  const releases = environments.flatMap((environment, index) => (environment.kind === 'release' ? [index] : []));
  if (releases.length === 0) {
    add(['environments'], 'no environment has kind "release": exactly one must (the production branch, e.g. "main")');
  }
  for (const index of releases.slice(1)) {
    add(
      ['environments', index, 'kind'],
      `"${environments[index]?.name}" is a second release environment (after "${environments[releases[0] ?? 0]?.name}"): exactly one is allowed; make the others "integration"`,
    );
  }

  environments.forEach((environment, index) => {
    const path = ['environments', index, 'branch'];
    const branch = environment.branch;
    const problem = branchProblem(branch);
    if (problem) {
      add(path, `"${branch}" is not a valid git branch name (${problem}): use a name like "env/test" with ${allowedRefText}`);
      return;
    }
    for (let other = 0; other < index; other++) {
      const otherBranch = environments[other]?.branch ?? '';
      if (otherBranch === branch) {
        add(path, `branch "${branch}" is already used by environments[${other}] ("${environments[other]?.name}"): each environment needs its own branch`);
      } else if (branch.startsWith(`${otherBranch}/`) || otherBranch.startsWith(`${branch}/`)) {
        add(path, `branch "${branch}" clashes with "${otherBranch}" of environments[${other}]: git cannot have both a branch and branches under it; rename one`);
      }
    }
    if (branch.startsWith(config.requestPrefix)) {
      add(path, `branch "${branch}" starts with the request prefix "${config.requestPrefix}", so it would be taken for a request: pick another branch or requestPrefix`);
    } else if (config.requestPrefix.startsWith(`${branch}/`)) {
      add(path, `branch "${branch}" clashes with request branches under "${config.requestPrefix}": git cannot have both; pick another branch or requestPrefix`);
    }
  });

  // source and base.
  environments.forEach((environment, index) => {
    for (const field of ['source', 'base'] as const) {
      const value = environment[field];
      if (value === undefined) continue;
      if (field === 'base' && environment.kind !== 'integration') {
        add(['environments', index, 'base'], `"base" is only for integration environments, and "${environment.name}" is a release environment: remove it`);
      } else if (value === environment.name) {
        add(['environments', index, field], `"${environment.name}" cannot be its own ${field}: name another environment (${nameList})`);
      } else if (!indexByName.has(value)) {
        const suggestion = closestName({ name: value, candidates: names });
        add(['environments', index, field], `${field} "${value}" is not an environment${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: use one of ${nameList}`);
      }
    }
  });
  for (const field of ['source', 'base'] as const) {
    const reported = new Set<string>();
    environments.forEach((start) => {
      const chain: string[] = [];
      let current: string | undefined = start.name;
      while (current !== undefined && !chain.includes(current)) {
        chain.push(current);
        const next: string | undefined = environments[indexByName.get(current) ?? -1]?.[field];
        current = next !== undefined && next !== chain.at(-1) ? next : undefined;
      }
      if (current === undefined) return;
      const cycle = [...chain.slice(chain.indexOf(current)), current];
      const key = [...new Set(cycle)].sort().join('\n');
      if (reported.has(key)) return;
      reported.add(key);
      const firstIndex = Math.min(...cycle.map((name) => indexByName.get(name) ?? Number.MAX_SAFE_INTEGER));
      add(['environments', firstIndex, field], `${field}s form a cycle: ${cycle.join(' -> ')}; remove the ${field} of one of them`);
    });
  }

  // Rules.
  const custom = new Set(options.customRules);
  options.customRules.forEach((name) => {
    if (isBuiltInRuleName(name)) {
      add(['customRules'], `custom rule "${name}" has the name of a built-in rule: give it another name`);
    }
  });
  const known = [...BUILT_IN_RULE_NAMES, ...options.customRules];
  environments.forEach((environment, index) => {
    // hotfixRules is a second rule set of the same form, checked the same way.
    const ruleSets = [['rules', environment.rules ?? []] as const, ['hotfixRules', environment.hotfixRules ?? []] as const];
    ruleSets.forEach(([field, entries]) =>
      entries.forEach((entry, ruleIndex) => {
        const name = ruleNameOf(entry);
        const path = ['environments', index, field, ruleIndex];
        if (isBuiltInRuleName(name)) {
          const parsed = ruleOptionSchemas[name].safeParse(typeof entry === 'string' ? {} : (entry.options ?? {}), {
            error: configErrorMap,
            reportInput: true,
          });
          if (!parsed.success) {
            issues.push({ path: [...path, 'options'], message: '', optionIssues: parsed.error.issues });
          }
          if (NEEDS_SOURCE.has(name) && environment.source === undefined) {
            add(path, `rule "${name}" checks the source environment, but "${environment.name}" has no "source": set one (${nameList}) or remove the rule`);
          }
        } else if (!custom.has(name)) {
          const suggestion = closestName({ name, candidates: known });
          add(
            typeof entry === 'string' ? path : [...path, 'rule'],
            `unknown rule "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: use a built-in rule (${BUILT_IN_RULE_NAMES.join(', ')}) or define a custom rule in a JS/TS config`,
          );
        }
      }),
    );
  });
  return issues;
}
