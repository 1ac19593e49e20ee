/** One entry of a 422's `errors`, as GitHub writes them. */
export interface GithubErrorDetail {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
}

/**
 * GitHub's error body (some operations, per the description, list `errors` as plain strings): `message`, `documentation_url` and, since 2024, `status` as a string;
 * `errors` on a 422 "Validation Failed" (shape as recorded in `@octokit/fixtures`' `errors`).
 *
 * @example
 * ```ts
 * githubErrorBody({ status: 422, message: 'Validation Failed', documentationUrl, errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:x.' }] });
 * ```
 */
export function githubErrorBody(options: { status: number; message: string; documentationUrl: string; errors?: Array<GithubErrorDetail | string> }): Record<string, unknown> {
  const body: Record<string, unknown> = { message: options.message };
  if (options.errors) body.errors = options.errors;
  body.documentation_url = options.documentationUrl;
  body.status = String(options.status);
  return body;
}
