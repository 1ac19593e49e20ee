import { createHash } from 'node:crypto';
import { RemoteRaceError, StateError, type PushUpdate } from '@relctl/core';
import git, { type HttpClient } from 'isomorphic-git';
import type { Repository } from '../repo/index.js';
import { objectsToPush } from './objects-to-push.js';
import type { RemoteSession } from './open-remote-session.js';

const ZERO = '0000000000000000000000000000000000000000';

/** Options of {@link pushAtomicOverHttp}. */
export interface PushAtomicOverHttpOptions {
  repo: Repository;
  http: HttpClient;
  session: RemoteSession;
  /** Updates that move something (`next` differs from `lease`); leases already checked against `listed`. */
  updates: readonly PushUpdate[];
  /** The remote's refs as just listed (ref → id), for the objects it already has. */
  listed: ReadonlyMap<string, string>;
}

/**
 * Push several refs in ONE receive-pack request with the `atomic` capability: each command
 * carries its lease as the old id, the server checks them all under its ref locks and moves every
 * ref or none. isomorphic-git's own `push` sends one ref per request, so the request is written
 * here (pkt-lines, then a pack built with `packObjects`); `report-status` tells what happened.
 * A lease that no longer holds gives `RemoteRaceError` (`data.applied` is empty: nothing moved);
 * any other refusal (a hook, branch protection) gives `StateError` with `data.refused: true`.
 *
 * @example
 * ```ts
 * await pushAtomicOverHttp({ repo, http, session, updates, listed });
 * ```
 */
export async function pushAtomicOverHttp(options: PushAtomicOverHttpOptions): Promise<void> {
  const { repo, session, updates, listed } = options;
  const notApplied = updates.map((update) => update.ref);
  const haves = [...new Set(listed.values())];
  const tips = updates.flatMap((update) => (update.next === null ? [] : [update.next]));
  const oids = await objectsToPush({ repo, tips, haves });
  const pack =
    tips.length === 0
      ? null
      : oids.length === 0
        ? emptyPack()
        : Buffer.from((await git.packObjects({ fs: repo.fs, gitdir: repo.commonDir, cache: repo.cache, oids, write: false })).packfile as Uint8Array);

  const commands = updates.map((update, index) => {
    const line = `${update.lease ?? ZERO} ${update.next ?? ZERO} ${update.ref}`;
    return pktLine(index === 0 ? `${line}\0report-status atomic${tips.length < updates.length ? ' delete-refs' : ''}\n` : `${line}\n`);
  });
  const body = [...commands, Buffer.from('0000'), ...(pack ? [pack] : [])];
  const response = await post(options, body);
  const report = parseReport(response);

  const failed = report.refs.filter((entry) => !entry.ok);
  if (report.unpack === 'ok' && failed.length === 0 && report.refs.length > 0) return;

  // Something was refused. Atomic: nothing moved. A race if a lease no longer holds.
  const cause = failed.find((entry) => !/atomic/i.test(entry.reason)) ?? failed[0];
  const reason = session
    .scrub(report.unpack !== 'ok' ? `unpack ${report.unpack}` : (cause?.reason ?? 'no report from the remote'))
    .replace(/\s+/g, ' ')
    .trim();
  const moved = await movedSince(options);
  if (moved.length > 0 || (cause && /failed to (update|lock)|cannot lock ref|but expected|stale info|fetch first|non-fast-forward|incorrect old value/i.test(cause.reason))) {
    throw new RemoteRaceError(
      `another push moved ${(moved.length > 0 ? moved : [cause?.ref ?? '?']).join(', ')} on remote "${session.remote}" while relctl was pushing (${reason}); nothing was pushed — fetch and run the command again.`,
      { remote: session.remote, ref: moved[0] ?? cause?.ref ?? null, reason, applied: [], notApplied },
    );
  }
  throw new StateError(
    `remote "${session.remote}" refused to update ${cause?.ref ?? 'the refs'} (${reason}); nothing was pushed — check the branch protection, hooks and permissions on the remote.`,
    { remote: session.remote, ref: cause?.ref ?? null, reason, refused: true, applied: [], notApplied },
  );
}

function pktLine(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from((payload.length + 4).toString(16).padStart(4, '0')), payload]);
}

function emptyPack(): Buffer {
  const header = Buffer.from([0x50, 0x41, 0x43, 0x4b, 0, 0, 0, 2, 0, 0, 0, 0]);
  return Buffer.concat([header, createHash('sha1').update(header).digest()]);
}

/** POST the request to `<url>/git-receive-pack`, with the credentials isomorphic-git would use. */
async function post(options: PushAtomicOverHttpOptions, body: Buffer[]): Promise<Buffer> {
  const { http, session } = options;
  const parsed = new URL(session.url);
  let auth: { username: string; password: string } | null =
    parsed.username || parsed.password ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : null;
  parsed.username = '';
  parsed.password = '';
  const url = `${parsed.toString().replace(/\/+$/, '')}/git-receive-pack`;
  for (let round = 0; round < 3; round += 1) {
    const headers: Record<string, string> = {
      'content-type': 'application/x-git-receive-pack-request',
      accept: 'application/x-git-receive-pack-result',
      'user-agent': 'git/relctl',
      ...(auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {}),
    };
    let response;
    try {
      response = await http.request({ url, method: 'POST', headers, body: body as unknown as AsyncIterableIterator<Uint8Array> });
    } catch (error) {
      throw session.toError(error, 'push to');
    }
    const chunks: Uint8Array[] = [];
    if (response.body) for await (const chunk of response.body) chunks.push(chunk);
    const status = response.statusCode;
    if (status === 200) return Buffer.concat(chunks);
    const httpError = Object.assign(new Error(`HTTP Error: ${status} ${response.statusMessage}`), {
      code: 'HttpError',
      data: { statusCode: status, statusMessage: response.statusMessage },
    });
    if (status === 401 && round < 2) {
      const asked = round === 0 ? await session.onAuth(session.url, { headers }) : await session.onAuthFailure(session.url, { headers });
      if (!asked || asked.cancel || asked.username === undefined) throw session.toError(Object.assign(new Error('auth cancelled'), { code: 'UserCanceledError' }), 'push to');
      auth = { username: asked.username, password: asked.password ?? '' };
      continue;
    }
    throw session.toError(httpError, 'push to');
  }
  throw session.toError(Object.assign(new Error('auth cancelled'), { code: 'UserCanceledError' }), 'push to');
}

/** The `report-status` answer: `unpack ok` and one `ok <ref>` / `ng <ref> <reason>` per command. */
function parseReport(data: Buffer): { unpack: string; refs: Array<{ ref: string; ok: boolean; reason: string }> } {
  const lines: string[] = [];
  let offset = 0;
  while (offset + 4 <= data.length) {
    const length = Number.parseInt(data.subarray(offset, offset + 4).toString('ascii'), 16);
    if (!Number.isFinite(length)) break;
    if (length < 4) {
      offset += 4;
      continue;
    }
    lines.push(
      data
        .subarray(offset + 4, offset + length)
        .toString('utf8')
        .replace(/\n$/, ''),
    );
    offset += length;
  }
  let unpack = 'no report';
  const refs: Array<{ ref: string; ok: boolean; reason: string }> = [];
  for (const line of lines) {
    if (line.startsWith('unpack ')) unpack = line.slice('unpack '.length);
    else if (line.startsWith('ok ')) refs.push({ ref: line.slice(3), ok: true, reason: '' });
    else if (line.startsWith('ng ')) {
      const [ref = '', ...reason] = line.slice(3).split(' ');
      refs.push({ ref, ok: false, reason: reason.join(' ') });
    }
  }
  return { unpack, refs };
}

/** Refs whose lease no longer holds on the remote (a fresh listing). */
async function movedSince(options: PushAtomicOverHttpOptions): Promise<string[]> {
  const { http, session, updates } = options;
  try {
    const refs = await git.listServerRefs({ http, url: session.url, forPush: true, protocolVersion: 1, onAuth: session.onAuth, onAuthFailure: session.onAuthFailure });
    const now = new Map(refs.map(({ ref, oid }) => [ref, oid]));
    return updates.filter((update) => (now.get(update.ref) ?? null) !== update.lease).map((update) => update.ref);
  } catch {
    return [];
  }
}
