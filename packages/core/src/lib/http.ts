// The few direct HTTP calls core makes outside openid-client: bounded by a timeout, errors without bodies or secrets.
import { CognitoHttpError } from './errors.js';

export interface FetchJsonOptions {
  fetch?: typeof fetch | undefined;
  /** A POST instead of a GET: its headers and body (AWS's JSON APIs). */
  post?: { headers: Record<string, string>; body: string } | undefined;
  timeoutMs?: number | undefined;
  /** Names the document in errors ("the JWKS", "the discovery document"). */
  what: string;
}

export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let response: Response;
  try {
    response = await doFetch(url, {
      ...(options.post
        ? { method: 'POST', headers: { accept: 'application/json', ...options.post.headers }, body: options.post.body }
        : { headers: { accept: 'application/json' } }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (cause) {
    const timedOut = (cause as Error)?.name === 'TimeoutError';
    throw new CognitoHttpError(
      timedOut ? 'HTTP_TIMEOUT' : 'HTTP_NETWORK',
      timedOut
        ? `No answer from ${url} within ${timeoutMs} ms while fetching ${options.what}.`
        : `Could not reach ${url} while fetching ${options.what}.`,
      { url, cause },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new CognitoHttpError('HTTP_STATUS', `${url} answered ${response.status} while fetching ${options.what}.`, {
      status: response.status,
      url,
    });
  }
  try {
    return await response.json();
  } catch (cause) {
    throw new CognitoHttpError('HTTP_INVALID_RESPONSE', `${url} did not answer with JSON for ${options.what}.`, {
      url,
      cause,
    });
  }
}
