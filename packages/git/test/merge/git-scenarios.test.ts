/**
 * git's own merge corner cases (t6416 recursive corner cases, t6422 rename corner cases, t6423
 * directory renames, t6426 skip-unneeded-updates, t6436 merge-overwrite, all of git v2.39.5),
 * each merge redone by relctl's engine and compared with the system git's
 * `git merge-tree --write-tree`: status, tree (the conflicted tree with its markers too), the
 * conflicted paths with their stages, and git's conflict messages. Both directions are merged.
 *
 * The fixtures in git-scenarios/ hold every two-commit merge those scripts perform, with the
 * history it merged (commit graph, committer times, trees) and its merge config; extract.sh
 * regenerates them by running git's test scripts against the installed git. Merges merge-tree
 * cannot express (rebase, `-s ours`, octopus) are listed in each fixture's `skipped`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, gitResult, type TempRepo } from '@relctl/testing';
import { mergeCommits } from '../../src/merge/merge-commits.js';
import type { MergeRenameOptions } from '../../src/merge/merge-types.js';
import { openRepository } from '../../src/repo/open-repository.js';
import type { Repository } from '../../src/repo/repository.js';
import { FastImport, type GenFile, type GenTree } from './property-harness.js';

type FileValue = string | { mode: string; text?: string; base64?: string; oid?: string };

interface FixtureCommit {
  name: string;
  time: number;
  parents: string[];
  files?: Record<string, FileValue>;
  changes?: Record<string, FileValue | null>;
}

interface FixtureMerge {
  test: string;
  command: string;
  ours: string;
  theirs: string;
  config?: Record<string, string>;
  dropped?: string[];
  commits: FixtureCommit[];
}

interface Fixture {
  source: string;
  merges: FixtureMerge[];
  skipped: Array<{ test: string; command: string; reason: string }>;
}

const SCRIPTS = ['t6416', 't6422', 't6423', 't6426', 't6436'] as const;

function load(script: string): Fixture {
  return JSON.parse(readFileSync(new URL(`./git-scenarios/${script}.json`, import.meta.url), 'utf8')) as Fixture;
}

function genFile(value: FileValue): GenFile {
  if (typeof value === 'string') return { mode: '100644', data: Buffer.from(value, 'utf8') };
  const mode = value.mode as GenFile['mode'];
  if (value.oid !== undefined) return { mode, data: Buffer.from(value.oid) };
  return { mode, data: value.base64 !== undefined ? Buffer.from(value.base64, 'base64') : Buffer.from(value.text ?? '', 'utf8') };
}

/** Every fixture merge of a script as refs `m<k>/<commit name>` in one bare repository. */
function build(repo: TempRepo, fixture: Fixture): void {
  const fi = new FastImport();
  fixture.merges.forEach((merge, k) => {
    const trees = new Map<string, GenTree>();
    const marks = new Map<string, string>();
    for (const c of merge.commits) {
      const tree: GenTree = new Map(c.parents[0] ? (trees.get(c.parents[0]) as GenTree) : []);
      for (const [path, value] of Object.entries(c.files ?? c.changes ?? {})) {
        if (value === null) tree.delete(path);
        else tree.set(path, genFile(value));
      }
      trees.set(c.name, tree);
      marks.set(
        c.name,
        fi.commit(
          `refs/heads/m${k}/${c.name}`,
          tree,
          c.parents.map((p) => marks.get(p) as string),
          c.time,
        ),
      );
    }
  });
  fi.run(repo.dir);
}

interface Outcome {
  clean: boolean;
  tree: string;
  /** `<mode> <oid> <stage>\t<path>`, sorted. */
  stages: string[];
  /** `<type> | <paths> | <message>`, in git's order. */
  messages: string[];
}

const configArgs = (config: Record<string, string> | undefined): string[] => Object.entries(config ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);

function oracle(repo: TempRepo, merge: FixtureMerge, ours: string, theirs: string): Outcome {
  const result = gitResult(repo.dir, [...configArgs(merge.config), 'merge-tree', '--write-tree', '--messages', '-z', ours, theirs], { allowFailure: true });
  if (result.status !== 0 && result.status !== 1) throw new Error(`merge-tree ${ours} ${theirs} failed with status ${result.status}`);
  const tokens = result.stdout.split('\0');
  let at = 0;
  const tree = tokens[at++] as string;
  const stages: string[] = [];
  while (at < tokens.length && tokens[at] !== '') stages.push(tokens[at++] as string);
  at++;
  const messages: string[] = [];
  while (at < tokens.length && /^\d+$/.test(tokens[at] as string)) {
    const count = Number(tokens[at++]);
    const paths = tokens.slice(at, at + count);
    at += count;
    const type = tokens[at++] as string;
    const message = (tokens[at++] as string).replace(/\n$/, '');
    messages.push(`${type} | ${paths.join(', ')} | ${message}`);
  }
  return { clean: result.status === 0, tree, stages: stages.sort(), messages };
}

function renameOptions(config: Record<string, string> | undefined): MergeRenameOptions {
  const value = config?.['merge.directoryrenames'];
  const directories = value === undefined ? undefined : value === 'true' ? 'true' : value === 'false' ? 'false' : 'conflict';
  const limit = config?.['merge.renamelimit'] ?? config?.['diff.renamelimit'];
  return { ...(directories ? { directories } : {}), ...(limit !== undefined ? { limit: Number(limit) } : {}) };
}

async function relctl(handle: Repository, repo: TempRepo, merge: FixtureMerge, ours: string, theirs: string): Promise<Outcome> {
  const rev = (ref: string): string => repo.git(['rev-parse', ref]);
  const got = await mergeCommits({ repo: handle, ours: rev(ours), theirs: rev(theirs), labels: { ours, theirs }, write: 'always', renames: renameOptions(merge.config) });
  const stages: string[] = [];
  if (!got.clean) {
    for (const c of got.conflicts) {
      for (const [stage, entry] of [
        [1, c.stages.base],
        [2, c.stages.ours],
        [3, c.stages.theirs],
      ] as const) {
        if (entry) stages.push(`${entry.mode} ${entry.oid} ${stage}\t${c.path}`);
      }
    }
  }
  const messages = got.clean ? [] : got.messages.map((m) => `${m.type} | ${m.paths.join(', ')} | ${m.message}`);
  return { clean: got.clean, tree: got.tree ?? '', stages: stages.sort(), messages };
}

for (const script of SCRIPTS) {
  const fixture = load(script);
  describe(`${fixture.source}: ${fixture.merges.length} merges vs git merge-tree`, () => {
    let repo: TempRepo;
    let handle: Repository;
    beforeAll(async () => {
      repo = createTempRepo({ bare: true });
      build(repo, fixture);
      handle = await openRepository({ cwd: repo.dir });
    });
    afterAll(() => repo?.remove());

    fixture.merges.forEach((merge, k) => {
      for (const [ours, theirs] of [
        [merge.ours, merge.theirs],
        [merge.theirs, merge.ours],
      ] as const) {
        it(`${merge.test} (${ours} <- ${theirs}${
          merge.config
            ? `, ${configArgs(merge.config)
                .filter((a) => a !== '-c')
                .join(' ')}`
            : ''
        })`, async () => {
          const want = oracle(repo, merge, `m${k}/${ours}`, `m${k}/${theirs}`);
          const got = await relctl(handle, repo, merge, `m${k}/${ours}`, `m${k}/${theirs}`);
          expect(got).toEqual(want.clean ? { ...want, messages: [] } : want);
        });
      }
    });

    it('lists what merge-tree cannot express, with a reason', () => {
      for (const skip of fixture.skipped) expect(skip.reason).not.toBe('');
    });
  });
}
