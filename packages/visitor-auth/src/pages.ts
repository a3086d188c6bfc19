// The gateway's pages, through core's one page renderer (escaped, never cached or framed).
import { type PageContent, htmlPage as corePage } from '@cognito-connect/core';

export type { PageContent, PageLink } from '@cognito-connect/core';

/**
 * Renders a small HTML page with core's `htmlPage`; every value is escaped.
 *
 * @example
 * ```ts
 * return htmlPage(403, { title: 'Access denied', message: 'Ask an administrator to add you to the readers group.' });
 * ```
 */
export async function htmlPage(status: number, content: PageContent): Promise<Response> {
  return corePage(status, content);
}
