// Turns the merges recorded while git's own merge tests ran (see extract.sh) into the scenario
// fixtures of git-scenarios.test.ts: per test script, every two-head merge with the history it
// merged (commit graph, times, trees), the config it ran with, and what could not be ported.
//
//   node to-fixtures.mjs <records dir> <output dir>
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [recordsDir, outDir] = process.argv.slice(2);
const SCRIPTS = {
  't6416-recursive-corner-cases': 't6416',
  't6422-merge-rename-corner-cases': 't6422',
  't6423-merge-rename-directories': 't6423',
  't6426-merge-skip-unneeded-updates': 't6426',
  't6436-merge-overwrite': 't6436',
};
/** Config merge-tree reads that relctl's engine does not port; the scenario runs without it. */
const DROPPED_CONFIG = { 'merge.conflictstyle': 'relctl writes git\'s default conflict style only; the merge is compared with the default style' };

function fileValue(mode, id, blobs) {
  if (mode === '160000') return { mode, oid: id };
  const data = Buffer.from(blobs[id], 'base64');
  const text = data.toString('utf8');
  const body = Buffer.from(text, 'utf8').equals(data) ? { text } : { base64: data.toString('base64') };
  if (mode === '100644' && body.text !== undefined) return body.text;
  return { mode, ...body };
}

for (const file of readdirSync(recordsDir).filter((f) => f.endsWith('.jsonl')).sort()) {
  const script = file.replace(/\.jsonl$/, '');
  const short = SCRIPTS[script];
  if (!short) continue;
  const records = readFileSync(join(recordsDir, file), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const merges = [];
  const skipped = [];
  const seen = new Set();
  for (const r of records) {
    const command = `git ${r.cfg.map((c) => `-c ${c} `).join('')}${r.cmd} ${r.argv.join(' ')}`.trim();
    if (r.cmd !== 'merge') {
      skipped.push({ test: r.title, command, reason: `${r.cmd} merges with a merge base it chooses (the picked commit's parent); git merge-tree 2.39 has no --merge-base to say that` });
      continue;
    }
    if (r.flags.some((f) => ['--abort', '--continue', '--quit'].includes(f))) continue;
    const strategy = r.strategy.at(-1);
    if (strategy && strategy !== 'recursive' && strategy !== 'ort') {
      skipped.push({ test: r.title, command, reason: `strategy ${strategy} is not merge-ort (the test uses it to build its history)` });
      continue;
    }
    if (r.xopts.length) {
      skipped.push({ test: r.title, command, reason: `-X ${r.xopts.join(' -X ')}: merge-tree takes no strategy options` });
      continue;
    }
    if (!r.head || !r.commits) {
      skipped.push({ test: r.title, command, reason: 'merges into an unborn branch: there is no second tree for merge-tree' });
      continue;
    }
    if (r.heads.length !== 1) {
      skipped.push({ test: r.title, command, reason: 'an octopus merge: merge-tree merges two commits' });
      continue;
    }
    const config = {};
    const dropped = [];
    for (const line of [...r.localConfig, ...r.cfg]) {
      const eq = line.indexOf('=');
      const key = (eq < 0 ? line : line.slice(0, eq)).toLowerCase();
      const value = eq < 0 ? 'true' : line.slice(eq + 1);
      if (!/^(merge|diff)\./.test(key)) continue;
      if (DROPPED_CONFIG[key]) dropped.push(`${key}=${value}: ${DROPPED_CONFIG[key]}`);
      else config[key] = value;
    }
    // Name commits by the refs pointing at them when recorded, else c1, c2, … (oldest first).
    const names = new Map();
    for (const line of r.refs) {
      const [oid, ref] = line.split(' ');
      if (!r.commits[oid]) continue;
      const prev = names.get(oid);
      if (!prev || ref.length < prev.length || (ref.length === prev.length && ref < prev)) names.set(oid, ref);
    }
    const order = Object.keys(r.commits).sort((a, b) => r.commits[a].time - r.commits[b].time || (r.commits[b].parents.includes(a) ? -1 : r.commits[a].parents.includes(b) ? 1 : 0));
    // parents before children
    const sorted = [];
    const done = new Set();
    const visit = (oid) => {
      if (done.has(oid)) return;
      done.add(oid);
      for (const p of r.commits[oid].parents) if (r.commits[p]) visit(p);
      sorted.push(oid);
    };
    order.forEach(visit);
    const used = new Set(names.values());
    let n = 0;
    for (const oid of sorted) {
      if (names.has(oid)) continue;
      let name;
      do name = `c${++n}`;
      while (used.has(name));
      names.set(oid, name);
    }
    const trees = new Map();
    const commits = sorted.map((oid) => {
      const c = r.commits[oid];
      const tree = Object.fromEntries(c.tree.map(([mode, path, id]) => [path, fileValue(mode, id, r.blobs)]));
      trees.set(oid, tree);
      const out = { name: names.get(oid), time: c.time, parents: c.parents.map((p) => names.get(p)) };
      const parentTree = c.parents.length ? trees.get(c.parents[0]) : null;
      if (!parentTree) out.files = tree;
      else {
        const changes = {};
        for (const [path, value] of Object.entries(tree)) if (JSON.stringify(parentTree[path]) !== JSON.stringify(value)) changes[path] = value;
        for (const path of Object.keys(parentTree)) if (!(path in tree)) changes[path] = null;
        out.changes = changes;
      }
      return out;
    });
    const merge = { test: r.title, command, ours: names.get(r.head), theirs: names.get(r.heads[0]), ...(Object.keys(config).length ? { config } : {}), ...(dropped.length ? { dropped } : {}), commits };
    const key = JSON.stringify({ ...merge, test: '', command: '' });
    if (seen.has(key)) continue;
    seen.add(key);
    merges.push(merge);
  }
  const out = { source: `git v2.39.5 t/${script}.sh`, merges, skipped };
  writeFileSync(join(outDir, `${short}.json`), `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${short}: ${merges.length} merges, ${skipped.length} skipped`);
}
