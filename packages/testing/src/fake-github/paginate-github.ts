/** Options of {@link paginateGithub}. */
export interface PaginateGithubOptions<T> {
  items: T[];
  /** The request's URL (path and query), as the client sent it. */
  url: URL;
  /** `per_page` and `page` as the client sent them (typed). */
  perPage?: unknown;
  page?: unknown;
  /** The fake's base URL: `Link` URLs are absolute, like GitHub's. */
  apiUrl: string;
  /** Page size without `per_page`; default 30 (GitHub's, for lists). */
  defaultPerPage?: number;
  /** Largest `per_page` honoured; default 100. */
  maxPerPage?: number;
}

/**
 * One page of `items` and GitHub's `Link` header for it: `per_page` defaults to 30 and is
 * capped at 100 (other sizes for the few operations that page differently), pages count from 1, and the header lists `prev`, `next`, `last`, `first` in
 * the order api.github.com sends them (as recorded in `@octokit/fixtures`' `paginate-issues`);
 * no header when everything fits on one page.
 *
 * @example
 * ```ts
 * const { page, link } = paginateGithub({ items: pulls, url, perPage: 2, page: 1, apiUrl });
 * // link: '<http://127.0.0.1:1234/repos/acme/shop/pulls?per_page=2&page=2>; rel="next", <…&page=3>; rel="last"'
 * ```
 */
export function paginateGithub<T>(options: PaginateGithubOptions<T>): { page: T[]; link: string | null } {
  const { items, url, apiUrl } = options;
  const perPage = Math.min(options.maxPerPage ?? 100, typeof options.perPage === 'number' && options.perPage > 0 ? Math.floor(options.perPage) : (options.defaultPerPage ?? 30));
  const current = typeof options.page === 'number' && options.page > 0 ? Math.floor(options.page) : 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const page = items.slice((current - 1) * perPage, current * perPage);
  if (last === 1 && current === 1) return { page, link: null };
  const at = (number: number): string => {
    const query = new URLSearchParams(url.search);
    query.delete('page');
    query.delete('per_page');
    const rest = query.toString();
    return `<${apiUrl}${url.pathname}?${rest === '' ? '' : `${rest}&`}per_page=${perPage}&page=${number}>`;
  };
  const parts: string[] = [];
  if (current > 1) parts.push(`${at(Math.min(current - 1, last))}; rel="prev"`);
  if (current < last) parts.push(`${at(current + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (current > 1) parts.push(`${at(1)}; rel="first"`);
  return { page, link: parts.join(', ') };
}
