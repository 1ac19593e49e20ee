import { refNameProblem } from '../config/ref-name-problem.js';
import { UsageError } from '../errors/index.js';

/**
 * Options of {@link candidateRef}.
 *
 * @example
 * ```ts
 * candidateRef({ name: 'A-C' }); // 'refs/heads/candidate/A-C'
 * ```
 */
export interface CandidateRefOptions {
  /** Candidate name, e.g. `A-C` or `spring-sale`. */
  name: string;
}

/**
 * The full ref of a candidate branch: `refs/heads/candidate/<name>`.
 *
 * @throws UsageError when `candidate/<name>` is not a valid branch name.
 * @example
 * ```ts
 * candidateRef({ name: 'A-C' }); // 'refs/heads/candidate/A-C'
 * ```
 */
export function candidateRef(options: CandidateRefOptions): string {
  const branch = `candidate/${options.name}`;
  const problem = options.name === '' ? 'it is empty' : refNameProblem(branch);
  if (problem !== undefined) {
    throw new UsageError(`"${options.name}" cannot name a candidate (${problem}); use letters, digits, "-", "_" or ".", e.g. --name A-C.`, {
      name: options.name,
    });
  }
  return `refs/heads/${branch}`;
}
