// The performance fixes the benchmark proposes, as source replacements on the BUILT packages
// (packages/*/dist). `node bench/run.mjs --patched` runs relctl with them applied in memory by a
// module loader hook (./register.mjs), to measure what each fix would give before anyone edits
// the packages. Nothing on disk changes. Each `from` must match exactly once, or the hook
// throws, so a rebuilt dist that no longer matches is noticed instead of silently measured.

export const FIXES = [
  {
    id: 'merge-ancestry',
    file: 'packages/git/dist/merge/merge-commits.js',
    why: "mergeCommits' fast-forward check used isomorphic-git's isDescendent (depth -1: a walk of the whole history) instead of @relctl/git's commit-graph isAncestor",
    from: 'return git.isDescendent({ fs: repo.fs, gitdir: repo.commonDir, oid: descendant, ancestor, depth: -1, cache: repo.cache });',
    to: "return __benchIsAncestor({ repo, ancestor, descendant });",
  },
  {
    id: 'object-store-reads',
    file: 'packages/git/dist/isomorphic/read-git-object.js',
    why: "readGitObject (readCommit, readFile, readTree, firstParentHistory of the isomorphic port) went through isomorphic-git's readObject (a failed loose-file open and a pack-directory listing per object, pako inflate) instead of the history module's synchronous ObjectStore",
    from: '    try {\n        const result = await git.readObject(',
    to: "    const fast = __benchOpenHistory({ repo }).store.read(oid);\n    if (fast)\n        return { type: fast.type, data: fast.data };\n    try {\n        const result = await git.readObject(",
  },
  {
    id: 'merge-store-reads',
    file: 'packages/git/dist/merge/merge-store.js',
    why: "MergeStore.readTree/readBlob read through isomorphic-git's readTree/readBlob instead of the history module's ObjectStore",
    from: '            const { tree } = await git.readTree({',
    to: "            const raw = __benchOpenHistory({ repo: this.repo }).store.read(oid);\n            if (raw && raw.type === 'tree') {\n                entries = parseTree(raw.data);\n                this.trees.set(oid, entries);\n                return entries;\n            }\n            const { tree } = await git.readTree({",
  },
  {
    id: 'merge-store-blobs',
    file: 'packages/git/dist/merge/merge-store.js',
    why: '(same as merge-store-reads, for blobs)',
    from: '        const { blob } = await git.readBlob({',
    to: "        const raw = __benchOpenHistory({ repo: this.repo }).store.read(oid);\n        if (raw && raw.type === 'blob')\n            return raw.data;\n        const { blob } = await git.readBlob({",
  },
  {
    id: 'system-ancestry-in-process',
    file: 'packages/git/dist/system/create-system-git-port.js',
    why: 'the system port spawned one `git merge-base --is-ancestor` per isAncestor call (200 per status); answer it in-process from the commit-graph with the history module instead',
    from: "        async isAncestor(ancestor, descendant) {\n            const result = await git(['merge-base', '--is-ancestor'",
    to: "        async isAncestor(ancestor, descendant) {\n            const repos = (globalThis.__relctlBenchRepos ??= new Map());\n            if (!repos.has(cwd)) repos.set(cwd, __benchOpenRepository({ cwd }));\n            return __benchIsAncestor({ repo: await repos.get(cwd), ancestor, descendant });\n            const result = await git(['merge-base', '--is-ancestor'",
  },
];

/** Static imports the replacements use, by file (dynamic imports per call are slow under a loader hook). */
const IMPORTS = {
  'packages/git/dist/merge/merge-commits.js': "import { isAncestor as __benchIsAncestor } from '../history/is-ancestor.js';",
  'packages/git/dist/isomorphic/read-git-object.js': "import { openHistory as __benchOpenHistory } from '../history/open-history.js';",
  'packages/git/dist/merge/merge-store.js': "import { openHistory as __benchOpenHistory } from '../history/open-history.js';",
  'packages/git/dist/system/create-system-git-port.js':
    "import { isAncestor as __benchIsAncestor } from '../history/is-ancestor.js';\nimport { openRepository as __benchOpenRepository } from '../repo/open-repository.js';",
};

/** Apply every fix for `url` (a file URL) to `source`; returns the patched source. */
export function applyFixes(url, source) {
  let text = source;
  for (const [file, lines] of Object.entries(IMPORTS)) if (url.endsWith(`/${file}`)) text = `${lines}\n${text}`;
  for (const fix of FIXES) {
    if (!url.endsWith(`/${fix.file}`)) continue;
    const count = text.split(fix.from).length - 1;
    if (count !== 1) throw new Error(`bench fix ${fix.id}: expected the text once in ${fix.file}, found it ${count} time(s); update bench/src/patches/fixes.mjs`);
    text = text.replace(fix.from, fix.to);
  }
  return text;
}
