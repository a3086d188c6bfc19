// The page GET /logout shows: signing out changes state, so it takes a POST from this page, never a bare link.

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/**
 * A small confirm page whose form POSTs back to `action` with `returnTo`, and the CSP that lets that form's redirects
 * (Strapi → Cognito's /logout → the front end) through.
 */
export function logoutConfirmPage(
  action: string,
  returnTo: string | undefined,
  formTargets: readonly string[],
): { html: string; csp: string } {
  const hidden = returnTo ? `<input type="hidden" name="returnTo" value="${escapeHtml(returnTo)}">` : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign out</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; text-align: center">
<h1>Sign out?</h1>
<form method="post" action="${escapeHtml(action)}">${hidden}<button type="submit">Sign out</button></form>
</body></html>`;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formTargets.join(' ')}; frame-ancestors 'none'; base-uri 'none'`;
  return { html, csp };
}
