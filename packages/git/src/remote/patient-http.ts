import type { HttpClient } from 'isomorphic-git';

/**
 * How long a request may stay silent before relctl gives up on the server: two minutes.
 * Node's HTTP agent gives a request 5 s of silence (4 s on a kept-alive connection, from the
 * server's `Keep-Alive: timeout=5`), and a busy git server (many promoters pushing at once, each
 * receive-pack checking and writing objects) can be silent for longer while it works; the push
 * then failed with "Request timed out" although the server was fine. A server silent for two
 * minutes is gone.
 */
export const HTTP_IDLE_TIMEOUT_MS = 120_000;

/**
 * The isomorphic-git HTTP client with requests that wait {@link HTTP_IDLE_TIMEOUT_MS} for a slow
 * server instead of Node's agent's few seconds (the request's own timeout wins over the
 * connection's; a request that sets one keeps it).
 *
 * @example
 * ```ts
 * const http = patientHttp(nodeHttp);
 * ```
 */
export function patientHttp(http: HttpClient): HttpClient {
  return {
    request: (request) => http.request({ ...request, fetchOptions: { timeout: HTTP_IDLE_TIMEOUT_MS, ...(request as { fetchOptions?: object }).fetchOptions } } as typeof request),
  };
}
