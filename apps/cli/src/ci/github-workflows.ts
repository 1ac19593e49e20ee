import type { Policy } from '@relctl/core';

/** One workflow file to write, relative to the repository root. */
export interface WorkflowFile {
  /** e.g. `.github/workflows/relctl-deploy.yml`. */
  path: string;
  content: string;
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const quote = (text: string): string => JSON.stringify(text);
/** A string inside a GitHub expression (`'…'`, quotes doubled). */
const exprString = (text: string): string => `'${text.replace(/'/g, "''")}'`;
/** A job id GitHub accepts: letters, digits, `-`, `_`, starting with a letter or `_`. */
const jobId = (name: string): string => `deploy-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The comment every workflow starts with. */
const header = (version: string): string => `# Written by "relctl init --ci github". A plain workflow: read it, change it, it is yours;
# relctl never overwrites it (delete it and run "relctl init --ci github" again to get a fresh one).
#
# Every job installs relctl ${version}, the version that wrote this file, from npm: the repository
# needs no package.json. To upgrade, change the version in each relctl-*.yml file.`;

/** The steps every relctl CLI job starts with: the production branch's code and config, relctl's refs, Node and relctl. */
function setupSteps(production: string, policy: Policy, version: string): string {
  return `${checkoutStep(production)}
      - uses: actions/setup-node@v4
        with:
          node-version: 22 # relctl needs Node.js 20.19 or later
      # relctl itself, pinned (no package.json, no node_modules in the repository needed).
      - run: npm install --global ${quote(`relctl@${version}`)}
${fetchStep(policy, production)}`;
}

/** Check out the production branch, with the reason. */
function checkoutStep(production: string): string {
  return `      # Check out the PRODUCTION branch, never the branch that moved: relctl takes its config (and
      # the deploy commands in it) from the production branch and refuses a checkout whose config
      # differs, and code on other branches comes from requests that have not shipped. relctl reads
      # the other branches from git itself.
      - uses: actions/checkout@v4
        with:
          ref: ${quote(production)}
          fetch-depth: 0 # relctl reads history, tags and its audit log (refs/relctl/log)`;
}

/** Fetch relctl's branches and refs as local refs. */
function fetchStep(policy: Policy, production: string): string {
  const refspecs = [
    `+refs/heads/${policy.requestPrefix}*:refs/heads/${policy.requestPrefix}*`,
    ...policy.environments.filter((env) => env.branch !== production).map((env) => `+refs/heads/${env.branch}:refs/heads/${env.branch}`),
    '+refs/relctl/*:refs/relctl/*',
  ];
  return `      # relctl reads request branches, environment branches and its audit log as local refs; a
      # fresh checkout has them only as remote-tracking refs, so fetch them as local ones.
      - run: git fetch origin ${refspecs.map((spec) => `'${spec}'`).join(' ')}`;
}

/** Who relctl records in the audit log: the person whose push started the workflow. */
const IDENTITY = `          GIT_AUTHOR_NAME: \${{ github.actor }}
          GIT_AUTHOR_EMAIL: \${{ github.actor }}@users.noreply.github.com`;

function deployWorkflow(policy: Policy, production: string, version: string): WorkflowFile {
  const branches = policy.environments.map((env) => `      - ${quote(env.branch)} # ${env.name}`).join('\n');
  const jobs = policy.environments
    .map(
      (env) => `  ${jobId(env.name)}:
    name: Deploy ${env.name}
    # Only when ${env.branch} (the branch of ${env.name}) moved.
    if: github.ref == ${exprString(`refs/heads/${env.branch}`)}
    runs-on: ubuntu-latest
    # A GitHub environment: keep ${env.name}'s deploy secrets and required reviewers there.
    environment: ${quote(env.name)}
    # One deploy of ${env.name} at a time in CI; relctl's own lock (in the audit log) also stops
    # a deploy from a laptop running at the same moment.
    concurrency:
      group: ${quote(`relctl-deploy-${env.name}`)}
      cancel-in-progress: false
    steps:
${setupSteps(production, policy, version)}
      # Deploys the exact tip of ${env.branch} with the deploy settings of ${env.name} in
      # relctl.config.yaml and records the deployment in the audit log.
      - name: relctl deploy ${env.name}
        run: relctl deploy ${env.name}
        env:
          RELCTL_GIT_TOKEN: \${{ secrets.GITHUB_TOKEN }} # pushes refs/relctl/log
${IDENTITY}`,
    )
    .join('\n\n');
  return {
    path: '.github/workflows/relctl-deploy.yml',
    content: `${header(version)}
#
# Deploys an environment whenever its branch moves: "relctl deploy <env>".
name: relctl deploy

on:
  push:
    branches:
${branches}

permissions:
  contents: write # relctl pushes its audit log (deployments, the deploy lock)

jobs:
${jobs}
`,
  };
}

function notesWorkflow(policy: Policy, production: string, version: string): WorkflowFile {
  return {
    path: '.github/workflows/relctl-notes.yml',
    content: `# Written by "relctl init --ci github". A plain workflow: read it, change it, it is yours;
# relctl never overwrites it (delete it and run "relctl init --ci github" again to get a fresh one).
#
# Keeps ONE comment with the release notes on each promotion pull request into ${production} (the
# ones "relctl promote <ids…> --to <env> --via-pr" opens, from relctl-promote/<version>): what goes
# (title, requester, bump, note, SHA), what stays behind and why, the next version. The comment is
# created once and edited on each push whose notes changed, like the changesets bot's.
#
# It runs the relctl GitHub Action of relctl ${version}, the version that wrote this file (a
# JavaScript action: no Node.js setup, no npm install, no package.json in the repository). To
# upgrade, change the version after "@action-v".
name: relctl notes

on:
  pull_request:
    branches:
      - ${quote(production)}

permissions:
  contents: read
  pull-requests: write # to write the notes comment

# One run per pull request at a time, the newest push wins: two runs never race to create the comment.
concurrency:
  group: relctl-notes-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  notes:
    name: Release notes
    # Only promotion pull requests; any other pull request into ${production} gets no comment.
    if: startsWith(github.head_ref, 'relctl-promote/')
    runs-on: ubuntu-latest
    steps:
${checkoutStep(production)}
${fetchStep(policy, production)}
      - name: relctl release notes
        uses: relctl/relctl/apps/github-action@action-v${version}
        with:
          github-token: \${{ secrets.GITHUB_TOKEN }}
`,
  };
}

function afterMergeWorkflow(policy: Policy, production: string, version: string): WorkflowFile {
  return {
    path: '.github/workflows/relctl-after-merge.yml',
    content: `${header(version)}
#
# Finishes a promotion whose pull request was merged into ${production}: "relctl after-merge"
# records it, cuts the release and rebuilds the other environments.
#
# Any merge method works: a merge commit, squash, rebase, or a merge queue. relctl proves on the
# git objects which commit holds the release (it needs the promotion branch's commits: keep
# fetch-depth: 0), and stops with exit code 2 when the pull request was merged but no commit can
# be proved to hold it. Keep the pull request title as the default squash commit title.
#
# GitHub does not start workflows for pushes made with a workflow's own GITHUB_TOKEN. To have
# relctl-deploy.yml deploy the branches this job pushes, put a GitHub App or fine-grained
# personal token (contents: write) in a secret and use it for RELCTL_GIT_TOKEN below.
name: relctl after-merge

on:
  push:
    branches:
      - ${quote(production)}

permissions:
  contents: write # relctl pushes the release tag, rebuilt branches and its audit log
  pull-requests: read # relctl asks how the promotion pull request was merged

# One after-merge at a time: each one moves branches the next one reads.
concurrency:
  group: relctl-after-merge
  cancel-in-progress: false

jobs:
  after-merge:
    name: relctl after-merge
    runs-on: ubuntu-latest
    steps:
${setupSteps(production, policy, version)}
      - name: relctl after-merge
        run: relctl after-merge
        env:
          RELCTL_GIT_TOKEN: \${{ secrets.GITHUB_TOKEN }}
${IDENTITY}
`,
  };
}

/**
 * The GitHub Actions workflows `relctl init --ci github` writes, as plain commented files:
 * - `relctl-deploy.yml`: on a push to an environment's branch, `relctl deploy <env>` (one
 *   job per environment, each in its GitHub environment, one at a time);
 * - `relctl-notes.yml`: on a promotion pull request to the production branch, the relctl GitHub
 *   Action (`relctl/relctl/apps/github-action@action-v<relctlVersion>`), which keeps one comment
 *   with its release notes up to date;
 * - `relctl-after-merge.yml`: on a push to the production branch, `relctl after-merge`.
 * Every job checks out the production branch, so config and deploy commands never come from a
 * request's code, and runs relctl `relctlVersion` without a package.json in the repository (a PHP
 * or Java service has none): the deploy and after-merge jobs install it from npm
 * (`npm install --global`), the notes job runs the action of that version.
 *
 * @example
 * ```ts
 * for (const file of githubWorkflows({ policy, relctlVersion: '0.1.0' })) console.log(file.path);
 * ```
 */
export function githubWorkflows(options: { policy: Policy; relctlVersion: string }): WorkflowFile[] {
  const production = options.policy.environments.find((env) => env.kind === 'release')?.branch ?? 'main';
  const version = options.relctlVersion;
  return [deployWorkflow(options.policy, production, version), notesWorkflow(options.policy, production, version), afterMergeWorkflow(options.policy, production, version)];
}
