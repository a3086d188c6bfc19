// The page a refused admin sign-in shows instead of raw JSON (core's page): what happened, its stable code, the two ways on.
import { htmlPage } from '@cognito-connect/core';

const TITLES: Record<string, string> = {
  TOKEN_GROUP_REQUIRED: 'Your account has no access to this admin panel',
  REGISTRATION_CLOSED: 'Your account has no access to this admin panel',
  USER_BLOCKED: 'Your admin account is deactivated',
  LINK_REFUSED: 'This email already has an admin account',
  ALREADY_LINKED: 'This email already has an admin account',
  EMAIL_NOT_VERIFIED: 'Your email is not verified',
};

/** What the page shows and links to. */
export interface RefusalPage {
  status: number;
  code: string;
  message: string;
  /** The admin login page. */
  loginUrl: string;
  /** Cognito's /logout returning to the admin login page (so another Cognito user can sign in), when it can be built. */
  switchAccountUrl: string | undefined;
}

/**
 * The refusal as core's HTML page (escaped, never cached or framed).
 *
 * @example
 * ```ts
 * const response = refusalPage({ status: 403, code: 'TOKEN_GROUP_REQUIRED', message, loginUrl: '/admin/auth/login', switchAccountUrl });
 * ```
 */
export function refusalPage(page: RefusalPage): Response {
  return htmlPage(page.status, {
    title: TITLES[page.code] ?? 'Sign-in with Cognito failed',
    message: page.message,
    detail: `Error code: ${page.code}`,
    links: [
      ...(page.switchAccountUrl ? [{ href: page.switchAccountUrl, label: 'Sign in with another account' }] : []),
      { href: page.loginUrl, label: 'Back to the admin login' },
    ],
  });
}
