import { StateError, Trailer, parseTrailers, type AdoptStep, type ReleaseOutput } from '@relctl/core';
import { requireWorkingTip, type StepContext } from '../run-context.js';
import { short } from './reset.js';

const trailer = (trailers: Record<string, string[]>, key: string): string | undefined => {
  const name = Object.keys(trailers).find((item) => item.toLowerCase() === key.toLowerCase());
  return name === undefined ? undefined : trailers[name]?.at(-1)?.trim();
};

/** The notes of a release commit message: between the `Release <version>` title and the trailer block. */
const releaseNotes = (message: string): string => {
  const text = message.replace(/\r\n/g, '\n').trimEnd();
  const title = text.indexOf('\n\n');
  if (title < 0) return '';
  const rest = text.slice(title + 2);
  const trailers = rest.lastIndexOf('\n\n');
  return trailers < 0 ? '' : rest.slice(0, trailers).trim();
};

/**
 * `adopt`: fast-forward the working tip of the release branch to an approved candidate's release
 * commit, and take the release from that commit, as `release` would have cut it: the version from
 * its `Relctl-Release` trailer, the notes from its message, the tag `<prefix><version>` with the
 * notes (dated today, like `release`). Refuses (nothing has moved yet) when the commit does not
 * descend from the working tip, is not a release of exactly these requests, or its tag exists.
 */
export async function runAdopt(context: StepContext, step: AdoptStep): Promise<string> {
  const { git } = context.ports;
  const tip = requireWorkingTip(context.state, step.ref);
  const branch = step.ref.replace(/^refs\/heads\//, '');
  if (!(await git.isAncestor(tip, step.commit))) {
    throw new StateError(
      `The approved candidate ${short(step.commit)} does not descend from ${branch} at ${short(tip)}, so ${branch} cannot fast-forward to it; rebuild the candidate (relctl candidate ${step.requestIds.join(' ')}), test and approve it again.`,
      { ref: step.ref, tip, commit: step.commit },
    );
  }
  const commit = await git.readCommit(step.commit);
  const trailers = parseTrailers(commit.message);
  const version = trailer(trailers, Trailer.release);
  const shipped = (trailer(trailers, Trailer.requests) ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const same = shipped.length === step.requestIds.length && step.requestIds.every((id) => shipped.includes(id));
  if (version === undefined || version === '' || !same) {
    throw new StateError(
      `Commit ${short(step.commit)} is not the release of ${step.requestIds.join(', ')} (trailers ${Trailer.release}: ${version ?? 'none'}, ${Trailer.requests}: ${shipped.join(',') || 'none'}); rebuild the candidate with relctl candidate ${step.requestIds.join(' ')}.`,
      { commit: step.commit, version: version ?? null, requestIds: shipped },
    );
  }
  const tagName = `${context.options.tagPrefix}${version}`;
  if ((await git.readRef(`refs/tags/${tagName}`)) !== null) {
    throw new StateError(`Tag ${tagName} exists already, so candidate ${short(step.commit)} cannot ship as ${version}; rebuild the candidate on the current ${branch}.`, {
      tag: tagName,
      commit: step.commit,
    });
  }
  const notes = releaseNotes(commit.message);
  const date = new Date(context.options.now()).toISOString().slice(0, 10);
  const release: ReleaseOutput = {
    tree: commit.tree,
    message: commit.message,
    version,
    tagName,
    tagMessage: `Release ${version} (${date})\n\n${notes}\n`,
  };
  context.state.working[step.ref] = step.commit;
  context.state.release = release;
  return `fast-forward to ${short(step.commit)}, version ${version}`;
}
