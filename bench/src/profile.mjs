// Summaries of V8 CPU profiles (`node --cpu-prof`): time by package and the top self-time frames.
//
//   node bench/src/profile.mjs <folder with .cpuprofile files> [top frames]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function owner(url, functionName) {
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/) ?? url.match(/\/((?:packages|apps)\/[^/]+)\//);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals (module loading, fs, streams)';
  if (url === '') return `(${functionName || 'native'})`;
  return 'other';
}

function shortUrl(url) {
  return url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/((?:packages|apps)\/)/, '$1');
}

/** Text summary of the first .cpuprofile in `dir`. */
export function summarizeProfile(dir, top = 15) {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return '(no profile written)';
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byOwner = new Map();
  const byFrame = new Map();
  for (const [id, micros] of self) {
    const { callFrame } = nodes.get(id);
    const who = owner(callFrame.url, callFrame.functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + micros);
    const frame = `${callFrame.functionName || '(anonymous)'}  ${callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : ''}`.trim();
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + micros);
  }
  const ms = (micros) => `${(micros / 1000).toFixed(0).padStart(6)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%`;
  const lines = [`total ${(total / 1000).toFixed(0)} ms sampled ("(idle)": the main thread waiting for I/O or a child process)`, '', 'by package:'];
  for (const [who, micros] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`  ${ms(micros)}  ${who}`);
  lines.push('', `top ${top} frames by self time:`);
  for (const [frame, micros] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${ms(micros)}  ${frame}`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 20)));
}
