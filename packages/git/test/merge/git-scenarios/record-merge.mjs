// Called by extract.sh's git wrapper before a merge-like command of git's test scripts runs:
// appends one JSON line describing it (and, for `git merge`, the whole history of the commits
// merged, with every blob) to $RECORD_DIR/records/<script>.jsonl.
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [sub, ...args] = process.argv.slice(2);
const git = (a, opts = {}) => execFileSync(process.env.REAL_GIT ?? 'git', a, { encoding: opts.encoding ?? 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
const tryGit = (a) => { try { return git(a).trim(); } catch { return null; } };
const script = basename(process.env.RECORD_SCRIPT ?? 'unknown');
const record = { script, title: process.env.RECORD_TEST_TITLE ?? '', cmd: sub, argv: args, cfg: (process.env.RECORD_CFG ?? '').split('\n').filter(Boolean) };
const out = join(process.env.RECORD_DIR, 'records', `${script}.jsonl`);

if (sub === 'merge') {
  const valued = new Set(['-m', '-F', '-s', '-X', '--strategy', '--strategy-option', '--file', '--message', '--into-name', '--cleanup']);
  const commits = [];
  const strategy = [];
  const xopts = [];
  const flags = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (valued.has(a)) {
      const v = args[++i];
      if (a === '-s' || a === '--strategy') strategy.push(v);
      else if (a === '-X' || a === '--strategy-option') xopts.push(v);
      continue;
    }
    if (a.startsWith('--strategy=')) { strategy.push(a.slice(11)); continue; }
    if (a.startsWith('--strategy-option=')) { xopts.push(a.slice(18)); continue; }
    if (/^-s./.test(a)) { strategy.push(a.slice(2)); continue; }
    if (/^-X./.test(a)) { xopts.push(a.slice(2)); continue; }
    if (/^-m./.test(a)) continue;
    if (a.startsWith('-')) { flags.push(a); continue; }
    commits.push(a);
  }
  Object.assign(record, { strategy, xopts, flags, commitArgs: commits });
  const head = tryGit(['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
  const heads = commits.map((c) => tryGit(['rev-parse', '--verify', '-q', `${c}^{commit}`]));
  record.head = head;
  record.heads = heads;
  record.localConfig = (tryGit(['config', '--local', '-l']) ?? '').split('\n').filter(Boolean);
  if (head && heads.length > 0 && heads.every(Boolean) && !flags.some((f) => ['--abort', '--continue', '--quit'].includes(f))) {
    const log = git(['log', '--format=%H %ct %P', head, ...heads]).trim().split('\n');
    const commitsOut = {};
    const blobs = new Map();
    for (const line of log) {
      const [oid, time, ...parents] = line.split(' ');
      const tree = [];
      for (const entry of git(['ls-tree', '-r', '-z', '--full-tree', oid]).split('\0').filter(Boolean)) {
        const tab = entry.indexOf('\t');
        const [mode, type, id] = entry.slice(0, tab).split(' ');
        tree.push([mode, entry.slice(tab + 1), id]);
        if (type === 'blob') blobs.set(id, null);
      }
      commitsOut[oid] = { time: Number(time), parents, tree };
    }
    for (const id of blobs.keys()) blobs.set(id, Buffer.from(git(['cat-file', 'blob', id], { encoding: 'buffer' })).toString('base64'));
    record.commits = commitsOut;
    record.blobs = Object.fromEntries(blobs);
    record.refs = (tryGit(['for-each-ref', '--format=%(objectname) %(refname:short)']) ?? '').split('\n').filter(Boolean);
  }
}
appendFileSync(out, `${JSON.stringify(record)}\n`);
