// The gateway's pages, through core's one page renderer (escaped, never cached or framed).
import { type PageContent, htmlPage as corePage } from '@cognito-connect/core';

export type { PageContent, PageLink } from '@cognito-connect/core';

/** Renders a small HTML page with core's `htmlPage`; every value is escaped. */
export async function htmlPage(status: number, content: PageContent): Promise<Response> {
  return corePage(status, content);
}
