// The page a refused admin sign-in shows instead of raw JSON: what happened, its stable code, and the two ways on.

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const TITLES: Record<string, string> = {
  GROUP_REQUIRED: 'Your account has no access to this admin panel',
  USER_BLOCKED: 'Your admin account is deactivated',
  EMAIL_TAKEN: 'This email already has an admin account',
  ALREADY_LINKED: 'This email already has an admin account',
  EMAIL_NOT_VERIFIED: 'Your email is not verified',
  REGISTRATION_CLOSED: 'Your account has no access to this admin panel',
};

/** What the page shows and links to. */
export interface RefusalPage {
  code: string;
  message: string;
  /** The admin login page. */
  loginUrl: string;
  /** Cognito's /logout returning to the admin login page (so another Cognito user can sign in), when it can be built. */
  switchAccountUrl: string | undefined;
}

/**
 * A small self-contained HTML page (no script, inline styles only, so Strapi's default CSP allows it).
 *
 * @example
 * ```ts
 * ctx.type = 'html';
 * ctx.body = refusalPage({ code: 'GROUP_REQUIRED', message, loginUrl: '/admin/auth/login', switchAccountUrl });
 * ```
 */
export function refusalPage(page: RefusalPage): string {
  const title = TITLES[page.code] ?? 'Sign-in with Cognito failed';
  const button =
    'display:inline-block;padding:10px 16px;border-radius:4px;font-weight:600;text-decoration:none;margin:0 8px 8px 0;';
  const switchAccount = page.switchAccountUrl
    ? `<a style="${button}background:#4945ff;color:#fff" href="${escapeHtml(page.switchAccountUrl)}">Sign in with another account</a>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;background:#f6f6f9;font-family:system-ui,sans-serif;color:#32324d">
<main style="max-width:520px;margin:10vh auto;background:#fff;border-radius:8px;padding:40px;box-shadow:0 1px 4px rgba(33,33,52,.1)">
<h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(title)}</h1>
<p id="message" style="line-height:1.5">${escapeHtml(page.message)}</p>
<p style="color:#666687;font-size:13px">Error code: <code id="code">${escapeHtml(page.code)}</code></p>
<p style="margin-top:24px">${switchAccount}<a style="${button}border:1px solid #dcdce4;color:#32324d" href="${escapeHtml(page.loginUrl)}">Back to the admin login</a></p>
</main></body></html>`;
}
