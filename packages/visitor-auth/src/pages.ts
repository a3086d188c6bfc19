// The few pages a visitor may see from us (refused, login failed): plain, escaped HTML that says what happened and what to do.
import { html } from 'hono/html';

export interface PageLink {
  href: string;
  label: string;
}

export interface PageContent {
  title: string;
  message: string;
  /** Extra detail under the message, e.g. who is signed in. */
  detail?: string;
  links?: readonly PageLink[];
}

/** Renders a small HTML page; every value is escaped. Never cached, never framed. */
export async function htmlPage(status: number, content: PageContent): Promise<Response> {
  const body = await html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${content.title}</title>
        <style>
          body {
            font:
              16px/1.5 system-ui,
              sans-serif;
            max-width: 36rem;
            margin: 4rem auto;
            padding: 0 1rem;
            color: #1f2328;
          }
          h1 {
            font-size: 1.5rem;
          }
          a {
            color: #0969da;
          }
          .links a {
            margin-right: 1rem;
          }
        </style>
      </head>
      <body>
        <main role="main">
          <h1>${content.title}</h1>
          <p id="message">${content.message}</p>
          ${content.detail ? html`<p id="detail">${content.detail}</p>` : ''}
          <p class="links">${(content.links ?? []).map((link) => html`<a href="${link.href}">${link.label}</a>`)}</p>
        </main>
      </body>
    </html>`;
  return new Response(String(body), {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    },
  });
}
