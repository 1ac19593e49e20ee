// Deterministic benchmark repositories, written with `git fast-import` and cached in the OS temp
// folder under a name made of every parameter (delete the folder to regenerate).
//
// Shape (bare repository, relctl config in the git dir):
//   main        `commits` commits reachable from it: a first-parent line of small commits
//               (1-2 files each), a --no-ff topic merge about every 25 commits, and every 200
//               commits a relctl release cycle: 3 old requests merged with `Relctl-Request` /
//               `Relctl-Env: prod` trailers, then a `Release 1.N.0` commit (package.json,
//               CHANGELOG.md, changesets removed) tagged `v1.N.0`. The tip is a release.
//   req/REQ-*   `requests` open requests, each cut from main~k (k < 1500: recent history) with
//               1-5 commits: a changeset `.changeset/<id>.md` and edits to 3 files of its own.
//               A few pairs conflict (the second edits the same line of the first's file).
//   env/test    main's tip + one merge per test request (50), with the trailers relctl writes
//               (`Relctl-Request: <id>`, `Relctl-Env: test`); 5 of them hold an older head (stale).
//   refs/relctl/log  `events` audit events, one commit each, message = core's encodeAuditEvent.
//   refs/bench/moved  one extra commit on the first test request (the rebuild workload moves it).
// Files: `files` text files of 12 lines under src/dNN/mN/ plus package.json, CHANGELOG.md,
// .changeset/config.json. Zones keep merges clean except for the planned conflicts: main edits
// files i%4 in {2,3}, topics i%4 == 1, requests i%4 == 0 (3 files each, disjoint).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the shape of generated repositories changes (part of the cache key). */
const GENERATOR_VERSION = 5;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const T_END = 1_760_000_000; // main's tip time (Oct 2025); everything is before "now"
const STEP = 300; // seconds between main commits
const TEAM = ['Kim <kim@example.com>', 'Lee <lee@example.com>', 'Park <park@example.com>', 'Choi <choi@example.com>', 'Jung <jung@example.com>'];
const PACKAGE = 'bench-app';
const RECENT = 1500; // requests are cut from the last RECENT first-parent commits of main
const RELEASE_EVERY = 200;
const TOPIC_EVERY = 25;

export const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  LC_ALL: 'C',
};

// fast-import frees and re-grows its heap tens of thousands of times; on this VM every `brk` costs
// ~0.1 ms (47 s instead of 3 s for 2,000 commits), so generation keeps glibc from trimming.
const importEnv = { ...gitEnv, MALLOC_TOP_PAD_: String(64 << 20), MALLOC_TRIM_THRESHOLD_: String(256 << 20) };

/** The folder a parameter set is cached in. */
export function repoDir(params) {
  const { commits, files, requests, onTest, events, seed } = params;
  return join(tmpdir(), `relctl-bench-g${GENERATOR_VERSION}-${commits}c-${files}f-${requests}r-${onTest}t-${events}e-s${seed}`);
}

/** The cached repository for `params`, generated first when missing. Returns `{ dir, manifest }`. */
export async function ensureRepo(params, log = console.log) {
  const dir = repoDir(params);
  const manifestFile = join(dir, 'bench-manifest.json');
  if (existsSync(manifestFile)) return { dir, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')), generated: false };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const manifest = await generate(dir, params, log);
  manifest.generateSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
  log(`  generated ${dir} in ${manifest.generateSeconds} s`);
  return { dir, manifest, generated: true };
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Buffered writer of a fast-import stream to a file. */
function streamWriter(file) {
  const fd = openSync(file, 'w');
  let chunks = [];
  let size = 0;
  const flush = () => {
    if (chunks.length === 0) return;
    writeSync(fd, chunks.join(''));
    chunks = [];
    size = 0;
  };
  return {
    write(text) {
      chunks.push(text);
      size += text.length;
      if (size > 1 << 22) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

function data(text) {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function git(dir, args, input) {
  if (process.env.BENCH_TRACE) console.error(`  [${(performance.now() / 1000).toFixed(1)}s] git ${args.join(' ').slice(0, 80)}`);
  return execFileSync('git', args, { cwd: dir, env: gitEnv, input, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

async function generate(dir, params, log) {
  const { commits, files, requests: requestCount, onTest, events: eventCount, seed } = params;
  if (files < requestCount * 12 + 8) throw new Error(`--files must be at least ${requestCount * 12 + 8} for ${requestCount} requests`);
  const random = mulberry32(seed);
  const int = (n) => Math.floor(random() * n);
  const person = (i) => TEAM[i % TEAM.length];
  git(dir, ['init', '-q', '--bare', '--initial-branch=main', '.']);
  git(dir, ['config', 'user.name', 'Bench Runner']);
  git(dir, ['config', 'user.email', 'runner@example.com']);
  git(dir, ['config', 'gc.auto', '0']);

  // ---- file model --------------------------------------------------------------------------
  const LINES = 12;
  const versions = Array.from({ length: files }, () => new Int32Array(LINES));
  const pathOf = (i) => `src/d${String(i % 50).padStart(2, '0')}/m${Math.floor(i / 50) % 10}/f${i}.txt`;
  const contentOf = (i, vers, override) => {
    let text = '';
    for (let l = 0; l < LINES; l += 1) {
      text += override && override[l] !== undefined ? `${override[l]}\n` : `file ${i} line ${l} version ${vers[l]}\n`;
    }
    return text;
  };
  const zoneFiles = (zone) => {
    const list = [];
    for (let i = 0; i < files; i += 1) if (i % 4 === zone || (zone === 2 && i % 4 === 3)) list.push(i);
    return list;
  };
  const mainZone = zoneFiles(2);
  const topicZone = zoneFiles(1);
  const modify = (i, counter) => {
    versions[i][counter % LINES] = counter;
    return `M 100644 inline ${pathOf(i)}\n${data(contentOf(i, versions[i]))}`;
  };

  let version = { minor: 0 };
  const packageJson = () => `${JSON.stringify({ name: PACKAGE, version: `1.${version.minor}.0`, private: true, scripts: { start: 'node src/server.js' } }, null, 2)}\n`;
  let changelog = `# ${PACKAGE}\n`;

  // ---- phase 1: history, requests, env/test ---------------------------------------------------
  const streamFile = join(dir, 'bench-stream.fi');
  const out = streamWriter(streamFile);
  let mark = 0;
  const mainFP = []; // first-parent marks of main, oldest first
  const mainTime = new Map(); // mark -> time
  let reachable = 0; // commits reachable from main
  let t = T_END - commits * STEP;
  const sig = (who, time) => `${who} ${time} +0000`;
  const commitHead = (ref, who, time, message) => {
    mark += 1;
    out.write(`commit ${ref}\nmark :${mark}\nauthor ${sig(who, time)}\ncommitter ${sig(who, time)}\n${data(message)}`);
    return mark;
  };
  const dev = () => {
    const n = 1 + int(20);
    return `Dev ${n} <dev${n}@example.com>`;
  };

  // root commit: every file
  let m = commitHead('refs/heads/main', dev(), t, 'Initial import\n');
  for (let i = 0; i < files; i += 1) out.write(`M 100644 inline ${pathOf(i)}\n${data(contentOf(i, versions[i]))}`);
  out.write(`M 100644 inline package.json\n${data(packageJson())}`);
  out.write(`M 100644 inline CHANGELOG.md\n${data(changelog)}`);
  out.write(`M 100644 inline README.md\n${data(`# ${PACKAGE}\n\nSynthetic repository for relctl benchmarks.\n`)}`);
  out.write(
    `M 100644 inline .changeset/config.json\n${data(`${JSON.stringify({ changelog: '@changesets/cli/changelog', commit: false, access: 'restricted', baseBranch: 'main', updateInternalDependencies: 'patch', ignore: [] }, null, 2)}\n`)}`,
  );
  out.write(`M 100644 inline .changeset/README.md\n${data('# Changesets\n\nOne file per request: .changeset/<id>.md\n')}`);
  out.write('\n');
  mainFP.push(m);
  mainTime.set(m, t);
  reachable += 1;

  let counter = 1;
  let sinceRelease = 0;
  let sinceTopic = 0;
  let oldRequest = 0;
  let topic = 0;
  const releases = []; // { mark, version, requests: [{ id, mark }], time }
  const topicMerges = []; // { merge, side } marks
  const stopAt = commits - 7; // the final release cycle takes 7

  const releaseCycle = () => {
    const shipped = [];
    for (let k = 0; k < 3; k += 1) {
      oldRequest += 1;
      const id = `OLD-${String(oldRequest).padStart(5, '0')}`;
      const base = mainFP[mainFP.length - 1];
      t += STEP;
      const feature = `features/${id}.txt`;
      const featureText = `feature ${id}\n`;
      const changeset = `---\n"${PACKAGE}": minor\n---\n\nOld request ${id}\n`;
      const side = commitHead('refs/heads/__old', dev(), t, `${id}: add feature\n`);
      out.write(`from :${base}\nM 100644 inline ${feature}\n${data(featureText)}M 100644 inline .changeset/${id}.md\n${data(changeset)}\n`);
      t += STEP;
      const merge = commitHead('refs/heads/main', person(oldRequest), t, `Merge request ${id}: Old request ${id} into prod\n\nRelctl-Request: ${id}\nRelctl-Env: prod\n`);
      out.write(`merge :${side}\nM 100644 inline ${feature}\n${data(featureText)}M 100644 inline .changeset/${id}.md\n${data(changeset)}\n`);
      mainFP.push(merge);
      mainTime.set(merge, t);
      shipped.push({ id, mark: side, time: t });
      reachable += 2;
    }
    version.minor += 1;
    const v = `1.${version.minor}.0`;
    changelog = `# ${PACKAGE}\n\n## ${v}\n\n### Minor Changes\n\n${shipped.map((r) => `- ${r.id}: Old request ${r.id}\n`).join('')}${changelog.slice(`# ${PACKAGE}\n`.length)}`;
    t += STEP;
    const ids = shipped.map((r) => r.id);
    const release = commitHead(
      'refs/heads/main',
      person(version.minor),
      t,
      `Release ${v}\n\nMinor changes:\n${ids.map((id) => `- ${id}: Old request ${id}\n`).join('')}\nRelctl-Release: ${v}\nRelctl-Requests: ${ids.join(',')}\n`,
    );
    out.write(`M 100644 inline package.json\n${data(packageJson())}M 100644 inline CHANGELOG.md\n${data(changelog)}`);
    for (const id of ids) out.write(`D .changeset/${id}.md\n`);
    out.write('\n');
    out.write(`tag v${v}\nfrom :${release}\ntagger ${sig(person(version.minor), t)}\n${data(`Release ${v}\n`)}`);
    mainFP.push(release);
    mainTime.set(release, t);
    reachable += 1;
    releases.push({ mark: release, version: v, requests: shipped, time: t });
  };

  while (reachable < stopAt) {
    if (sinceRelease >= RELEASE_EVERY) {
      releaseCycle();
      sinceRelease = 0;
      continue;
    }
    if (sinceTopic >= TOPIC_EVERY && mainFP.length > 3 && random() < 0.2 && reachable + 5 < stopAt) {
      topic += 1;
      const fork = mainFP[mainFP.length - 3];
      const n = 1 + int(3);
      let side = 0;
      const changed = new Set();
      for (let j = 0; j < n; j += 1) {
        t += 1;
        side = commitHead('refs/heads/__topic', dev(), t, `topic ${topic}: step ${j + 1}\n`);
        if (j === 0) out.write(`from :${fork}\n`);
        const file = topicZone[int(topicZone.length)];
        changed.add(file);
        counter += 1;
        out.write(`${modify(file, counter)}\n`);
      }
      t += STEP;
      const merge = commitHead('refs/heads/main', dev(), t, `Merge branch 'topic-${topic}'\n`);
      out.write(`merge :${side}\n`);
      for (const file of changed) out.write(`M 100644 inline ${pathOf(file)}\n${data(contentOf(file, versions[file]))}`);
      out.write('\n');
      mainFP.push(merge);
      mainTime.set(merge, t);
      topicMerges.push({ merge, side });
      reachable += n + 1;
      sinceTopic = 0;
      sinceRelease += n + 1;
      continue;
    }
    t += STEP;
    m = commitHead('refs/heads/main', dev(), t, `Change ${counter}\n`);
    const edits = 1 + int(2);
    for (let e = 0; e < edits; e += 1) {
      counter += 1;
      out.write(modify(mainZone[int(mainZone.length)], counter));
    }
    out.write('\n');
    mainFP.push(m);
    mainTime.set(m, t);
    reachable += 1;
    sinceRelease += 1;
    sinceTopic += 1;
  }
  releaseCycle();
  const mainTip = mainFP[mainFP.length - 1];
  const tipTime = t;

  // ---- open requests -------------------------------------------------------------------------
  const reqs = [];
  const pairs = [];
  for (let p = 0; p < 3; p += 1) pairs.push([p * 8, p * 8 + 3]); // (0,3) (8,11) (16,19): first on test, second not
  const conflictWith = new Map(pairs.map(([a, b]) => [b, a]));
  const testIndexes = [];
  for (let r = 0; r < requestCount && testIndexes.length < onTest; r += 4) testIndexes.push(r);
  const staleIndexes = new Set(testIndexes.filter((_, k) => k % 10 === 1).slice(0, 5));
  const requestFiles = (r) => [0, 1, 2].map((j) => 4 * (3 * r + j));
  for (let r = 0; r < requestCount; r += 1) {
    const id = `REQ-${String(r + 1).padStart(4, '0')}`;
    const title = `Request ${r + 1}: change ${pathOf(requestFiles(r)[0])}`;
    const baseIndex = mainFP.length - 1 - int(Math.min(RECENT, mainFP.length - 1));
    const base = mainFP[baseIndex];
    let n = 1 + int(5);
    if (staleIndexes.has(r) && n < 2) n = 2;
    const own = requestFiles(r);
    const state = new Map(own.map((i) => [i, {}])); // file -> line overrides
    let time = mainTime.get(base) + 30 + r;
    const heads = [];
    const author = person(r);
    for (let j = 0; j < n; j += 1) {
      time += 60;
      const c = commitHead(`refs/heads/req/${id}`, author, time, j === 0 ? `${title}\n` : `${id}: follow-up ${j}\n`);
      if (j === 0) out.write(`from :${base}\n`);
      const touched = [];
      if (j === 0) {
        out.write(`M 100644 inline .changeset/${id}.md\n${data(`---\n"${PACKAGE}": patch\n---\n\n${title}\n`)}`);
        const file = own[0];
        state.get(file)[r % LINES] = `file ${file} line ${r % LINES} changed by ${id}`;
        touched.push(file);
        const victim = conflictWith.get(r);
        if (victim !== undefined) {
          const file2 = requestFiles(victim)[0];
          const overrides = state.get(file2) ?? {};
          overrides[victim % LINES] = `file ${file2} line ${victim % LINES} changed differently by ${id}`;
          state.set(file2, overrides);
          touched.push(file2);
        }
      } else {
        const file = own[int(3)];
        const line = int(LINES);
        state.get(file)[line] = `file ${file} line ${line} changed by ${id} step ${j}`;
        touched.push(file);
      }
      for (const file of touched) out.write(`M 100644 inline ${pathOf(file)}\n${data(contentOf(file, versions[file], state.get(file)))}`);
      out.write('\n');
      // snapshot of everything this request changed so far (for env/test merges)
      heads.push({ mark: c, time, files: [...state].map(([file, o]) => [file, contentOf(file, versions[file], o)]) });
    }
    reqs.push({ r, id, title, base, baseIndex, heads, state, onTest: false, stale: false });
  }

  // The rebuild workload moves the first test request by one commit (kept on refs/bench/moved).
  const first = reqs[testIndexes[0]];
  {
    const last = first.heads[first.heads.length - 1];
    const file = requestFiles(first.r)[1];
    commitHead('refs/bench/moved', person(first.r), last.time + 3600 * 24, `${first.id}: moved for the rebuild benchmark\n`);
    out.write(`from :${last.mark}\nM 100644 inline ${pathOf(file)}\n${data(`${contentOf(file, versions[file], first.state.get(file))}moved\n`)}\n`);
  }

  // env/test: main's tip + one merge per test request, as relctl writes them.
  let testTip = mainTip;
  let testTime = tipTime + 3600;
  const testOrder = [];
  for (const r of testIndexes) {
    const req = reqs[r];
    req.onTest = true;
    req.stale = staleIndexes.has(r);
    const held = req.heads[req.stale ? req.heads.length - 2 : req.heads.length - 1];
    testTime += 60;
    const merge = commitHead(
      'refs/heads/env/test',
      'Lee <lee@example.com>',
      testTime,
      `Merge request ${req.id}: ${req.title} into test\n\nRelctl-Request: ${req.id}\nRelctl-Env: test\n`,
    );
    out.write(`from :${testTip}\nmerge :${held.mark}\n`);
    out.write(`M 100644 inline .changeset/${req.id}.md\n${data(`---\n"${PACKAGE}": patch\n---\n\n${req.title}\n`)}`);
    for (const [file, text] of held.files) out.write(`M 100644 inline ${pathOf(file)}\n${data(text)}`);
    out.write('\n');
    req.testMark = held.mark;
    testTip = merge;
    testOrder.push(req.id);
  }
  // env/qa (only in bench-qa.config.yaml, for `relctl conflicts --env qa`): 30 requests, the
  // conflicting pairs among them. Membership is read from trailers and second parents only, so
  // these merges simply keep main's tree (a real qa branch could not hold conflicting requests).
  const conflictSet = [...new Set([...pairs.flat(), ...Array.from({ length: 40 }, (_, k) => k)])].slice(0, 30).sort((x, y) => x - y);
  let qaTip = mainTip;
  for (const r of conflictSet) {
    const req = reqs[r];
    testTime += 60;
    const parentMark = qaTip;
    qaTip = commitHead('refs/heads/env/qa', 'Lee <lee@example.com>', testTime, `Merge request ${req.id}: ${req.title} into qa\n\nRelctl-Request: ${req.id}\nRelctl-Env: qa\n`);
    out.write(`from :${parentMark}\nmerge :${req.heads[req.heads.length - 1].mark}\n\n`);
  }
  // A rename-heavy pair cut from main's tip (the git-port table's "merge with renames"): one side
  // moves src/d07 to lib/d07 (60 files, a third of them edited on the way: exact and basename
  // renames, a directory rename) and renames 20 files of src/d08 to new names in src/renamed/
  // with an edit (inexact renames, the similarity matrix); the other side edits 40 of those files
  // in place. git merges it cleanly, every edit following its file.
  const movedDir = [];
  const inexact = [];
  for (let i = 0; i < files; i += 1) {
    if (i % 50 === 7) movedDir.push(i);
    else if (i % 50 === 8 && inexact.length < 20) inexact.push(i);
  }
  const renameTheirs = commitHead('refs/bench/renames', dev(), tipTime + 7200, 'Move src/d07 to lib/, rename files of src/d08\n');
  out.write(`from :${mainTip}\n`);
  for (const [k, i] of movedDir.entries()) {
    const text = contentOf(i, versions[i], k % 3 === 0 ? { 0: `file ${i} line 0 edited while moving` } : undefined);
    out.write(`D ${pathOf(i)}\nM 100644 inline ${pathOf(i).replace('src/d07/', 'lib/d07/')}\n${data(text)}`);
  }
  for (const [k, i] of inexact.entries()) {
    out.write(`D ${pathOf(i)}\nM 100644 inline src/renamed/g${k}.txt\n${data(contentOf(i, versions[i], { 5: `file ${i} line 5 edited while renaming` }))}`);
  }
  out.write('\n');
  const renameOurs = commitHead('refs/bench/renames-edits', dev(), tipTime + 7260, 'Edit the files the other side renames\n');
  out.write(`from :${mainTip}\n`);
  for (const i of [...movedDir.slice(0, 20), ...inexact])
    out.write(`M 100644 inline ${pathOf(i)}\n${data(contentOf(i, versions[i], { 11: `file ${i} line 11 edited in place` }))}`);
  out.write('\n');

  out.write('done\n');
  out.close();

  log(`  fast-import: ${reachable} commits on main, ${reqs.length} requests, ${testOrder.length} on test ...`);
  const marksFile = join(dir, 'bench-marks');
  const imported = spawnSync('git', ['fast-import', '--quiet', '--done', `--export-marks=${marksFile}`], {
    cwd: dir,
    env: importEnv,
    input: readFileSync(streamFile),
    maxBuffer: 1 << 28,
  });
  if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr}`);
  if (!process.env.BENCH_KEEP_STREAM) rmSync(streamFile);
  const sha = new Map();
  for (const line of readFileSync(marksFile, 'utf8').split('\n')) {
    const [k, v] = line.split(' ');
    if (k && v) sha.set(Number(k.slice(1)), v);
  }
  rmSync(marksFile);
  git(dir, ['update-ref', '-d', 'refs/heads/__topic']);
  git(dir, ['update-ref', '-d', 'refs/heads/__old']);

  // ---- phase 2: the audit log (needs the commit ids) -----------------------------------------
  const { encodeAuditEvent } = await import(join(ROOT, 'packages/core/dist/index.js'));
  const events = [];
  const at = (seconds, k = 0) => seconds * 1000 + k;
  for (const [n, release] of releases.entries()) {
    const ids = release.requests.map((r) => r.id);
    for (const [k, r] of release.requests.entries()) {
      events.push({
        type: 'request-created',
        at: at(r.time - 3000, k),
        actor: person(n + k),
        requestIds: [r.id],
        sha: sha.get(r.mark),
        data: { title: `Old request ${r.id}`, dependsOn: [], bump: 'minor' },
      });
      events.push({ type: 'approved', at: at(r.time - 1000, k), actor: person(n + k + 1), requestIds: [r.id], env: 'prod', sha: sha.get(r.mark), data: { by: person(n + k + 2) } });
    }
    events.push({
      type: 'promoted',
      at: at(release.time - 2000),
      actor: person(n),
      requestIds: ids,
      env: 'test',
      data: { shas: Object.fromEntries(release.requests.map((r) => [r.id, sha.get(r.mark)])) },
    });
    events.push({
      type: 'promoted',
      at: at(release.time - 1),
      actor: person(n),
      requestIds: ids,
      env: 'prod',
      data: { shas: Object.fromEntries(release.requests.map((r) => [r.id, sha.get(r.mark)])) },
    });
    events.push({
      type: 'released',
      at: at(release.time),
      actor: person(n),
      requestIds: ids,
      env: 'prod',
      sha: sha.get(release.mark),
      data: { version: release.version, tag: `v${release.version}` },
    });
    events.push({ type: 'deployed', at: at(release.time + 60), actor: person(n), env: 'prod', sha: sha.get(release.mark), data: { version: release.version } });
  }
  const current = [];
  for (const req of reqs) {
    current.push({
      type: 'request-created',
      at: at(req.heads[0].time, 1),
      actor: person(req.r),
      requestIds: [req.id],
      sha: sha.get(req.heads[0].mark),
      data: { title: req.title, requester: person(req.r + 2), dependsOn: [], bump: 'patch' },
    });
  }
  const testReqs = reqs.filter((req) => req.onTest);
  for (let k = 0; k < testReqs.length; k += 10) {
    const batch = testReqs.slice(k, k + 10);
    current.push({
      type: 'promoted',
      at: at(tipTime + 3600 + k),
      actor: 'Lee <lee@example.com>',
      requestIds: batch.map((req) => req.id),
      env: 'test',
      data: { shas: Object.fromEntries(batch.map((req) => [req.id, sha.get(req.testMark)])) },
    });
  }
  const prodCandidates = testReqs.filter((req) => !req.stale && !pairs.some((pair) => pair.includes(req.r))).slice(0, 10);
  for (const [k, req] of prodCandidates.entries()) {
    current.push({
      type: 'approved',
      at: at(tipTime + 7200 + k),
      actor: 'Kim <kim@example.com>',
      requestIds: [req.id],
      env: 'prod',
      sha: sha.get(req.heads[req.heads.length - 1].mark),
      data: { by: 'Kim <kim@example.com>' },
    });
  }
  // Filler: test deployments spread over the history, so the log has exactly `events` events.
  const filler = eventCount - events.length - current.length;
  if (filler < 0) throw new Error(`--events must be at least ${events.length + current.length} for this history`);
  const start = T_END - commits * STEP;
  for (let k = 0; k < filler; k += 1) {
    const when = start + Math.floor(((tipTime - start) * (k + 0.5)) / filler);
    const fp = mainFP[Math.min(mainFP.length - 1, Math.floor((mainFP.length * (k + 0.5)) / filler))];
    events.push({ type: 'deployed', at: at(when, 7), actor: person(k), env: 'test', sha: sha.get(fp), data: { build: k + 1 } });
  }
  events.push(...current);
  events.sort((a, b) => a.at - b.at);
  const logStream = [];
  let parent = null;
  for (const [k, event] of events.entries()) {
    const seconds = Math.floor(event.at / 1000);
    const who = event.actor;
    logStream.push(`commit refs/relctl/log\nmark :${k + 1}\nauthor ${who} ${seconds} +0000\ncommitter ${who} ${seconds} +0000\n${data(encodeAuditEvent(event))}`);
    if (parent === null) logStream.push('deleteall\n');
    logStream.push('\n');
    parent = k + 1;
  }
  logStream.push('done\n');
  const logged = spawnSync('git', ['fast-import', '--quiet', '--done'], { cwd: dir, env: importEnv, input: logStream.join(''), maxBuffer: 1 << 28 });
  if (logged.status !== 0) throw new Error(`git fast-import (log) failed: ${logged.stderr}`);

  // ---- finish like a maintained clone: packed refs, git's commit-graph -----------------------
  git(dir, ['pack-refs', '--all']);
  if (params.commitGraph !== false) git(dir, ['commit-graph', 'write', '--reachable']);
  writeFileSync(join(dir, 'relctl.config.yaml'), configYaml());
  writeFileSync(join(dir, 'bench-qa.config.yaml'), configYaml({ qa: true }));

  // ---- sanity: env/test's merges are what `git merge-tree --write-tree` gives ---------------
  const testSha = git(dir, ['rev-parse', 'refs/heads/env/test']);
  for (const k of [0, Math.floor(testOrder.length / 2), testOrder.length - 1]) {
    const commit = `${testSha}~${testOrder.length - 1 - k}`;
    const expected = git(dir, ['rev-parse', `${commit}^{tree}`]);
    const merged = git(dir, ['merge-tree', '--write-tree', `${commit}^1`, `${commit}^2`]).split('\n')[0];
    if (merged !== expected) throw new Error(`generator bug: ${commit} has tree ${expected}, git merge-tree gives ${merged}`);
  }
  {
    const result = spawnSync('git', ['merge-tree', '--write-tree', 'refs/bench/renames-edits', 'refs/bench/renames'], { cwd: dir, env: gitEnv });
    const tree = result.stdout.toString().split('\n')[0];
    const moved = git(dir, ['cat-file', '-p', `${tree}:src/renamed/g0.txt`]);
    if (result.status !== 0 || !moved.includes('edited in place') || !moved.includes('edited while renaming'))
      throw new Error('generator bug: the rename-heavy pair should merge cleanly with every edit at the new paths');
  }
  for (const [a, b] of pairs) {
    const result = spawnSync('git', ['merge-tree', '--write-tree', `refs/heads/req/${reqs[a].id}`, `refs/heads/req/${reqs[b].id}`], { cwd: dir, env: gitEnv });
    if (result.status !== 1) throw new Error(`generator bug: ${reqs[a].id} and ${reqs[b].id} should conflict`);
  }

  const recentTopic = topicMerges[topicMerges.length - 1];
  const oldTopic = topicMerges[Math.floor(topicMerges.length / 2)];
  const count = (ref) => Number(git(dir, ['rev-list', '--count', ref]));
  return {
    params,
    generator: GENERATOR_VERSION,
    gitVersion: git(dir, ['version']),
    commitsOnMain: count('refs/heads/main'),
    commitsTotal: count('--all'),
    firstParentOnMain: mainFP.length,
    releases: releases.length,
    version: `1.${version.minor}.0`,
    events: events.length,
    main: sha.get(mainTip),
    test: testSha,
    log: git(dir, ['rev-parse', 'refs/relctl/log']),
    moved: { id: first.id, ref: `refs/heads/req/${first.id}`, from: sha.get(first.heads[first.heads.length - 1].mark), to: git(dir, ['rev-parse', 'refs/bench/moved']) },
    requests: reqs.map((req) => ({
      id: req.id,
      head: sha.get(req.heads[req.heads.length - 1].mark),
      commits: req.heads.length,
      basesBack: mainFP.length - 1 - req.baseIndex,
      onTest: req.onTest,
      stale: req.stale,
    })),
    testOrder,
    staleOnTest: reqs.filter((req) => req.stale).map((req) => req.id),
    prodCandidates: prodCandidates.map((req) => req.id),
    conflictPairs: pairs.map(([a, b]) => [reqs[a].id, reqs[b].id]),
    conflictSet: conflictSet.map((r) => reqs[r].id),
    ops: {
      // for the issue-3 list (port operations vs the git binary)
      oldMerged: sha.get(oldTopic.side),
      recentTopicMerge: sha.get(recentTopic.merge),
      mergeOurs: sha.get(mainTip),
      mergeTheirs: sha.get(reqs[1].heads[reqs[1].heads.length - 1].mark),
      renameOurs: sha.get(renameOurs),
      renameTheirs: sha.get(renameTheirs),
    },
  };
}

/** The relctl config the benchmark repositories carry (in the bare repository's folder). */
export function configYaml({ qa = false } = {}) {
  const qaEnv = qa
    ? `  - name: qa
    kind: integration
    branch: env/qa
    rules: []
`
    : '';
  return `# relctl benchmark repository (generated by bench/src/generate-repo.mjs)
requestPrefix: req/
tagPrefix: v
remote: null
environments:
  - name: test
    kind: integration
    branch: env/test
    rules:
      - rule: max-age
        level: warn
        options: { days: 30 }
${qaEnv}  - name: prod
    kind: release
    branch: main
    source: test
    rules:
      - tested-in
      - approved
      - changeset
      - depends-on
      - clean-merge
`;
}
