// The hosted UI's HTML: a real sign-in form and error page, each with a strict per-response CSP.
import { randomToken } from './random.js';

export interface LoginPageInput {
  readonly clientName: string;
  readonly poolName: string;
  /** Server-side key of the pending authorization request; the only thing the form carries. */
  readonly pendingId: string;
  readonly showForm: boolean;
  readonly username?: string | undefined;
  readonly error?: string | undefined;
  /** A confirmation above the form (e.g. after a password reset). */
  readonly notice?: string | undefined;
  /** Where the "Forgot your password?" link goes (the forgot-password page for this authorization request). */
  readonly forgotPasswordHref?: string | undefined;
  /** Where the "Sign up" link goes; absent when users cannot sign themselves up. */
  readonly signUpHref?: string | undefined;
  readonly providers: readonly { readonly name: string; readonly href: string }[];
}

export interface HtmlPage {
  readonly html: string;
  readonly headers: Record<string, string>;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f2f3f3;margin:0;color:#16191f}
main{max-width:360px;margin:48px auto;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);padding:28px 32px}
h1{font-size:20px;margin:0 0 4px}p.pool{color:#5f6b7a;font-size:13px;margin:0 0 20px}
label{display:block;font-size:14px;font-weight:600;margin:14px 0 6px}
input[type=text],input[type=email],input[type=password]{box-sizing:border-box;width:100%;padding:9px 10px;border:1px solid #8c8c94;border-radius:4px;font-size:15px}
button,a.idp{display:block;box-sizing:border-box;width:100%;margin-top:22px;padding:10px;border:0;border-radius:20px;background:#0972d3;color:#fff;font-size:15px;font-weight:700;cursor:pointer;text-align:center;text-decoration:none}
a.idp{background:#fff;color:#0972d3;border:2px solid #0972d3;margin-top:12px}
.error{background:#fff7f7;border:1px solid #d91515;color:#d91515;border-radius:4px;padding:10px;font-size:14px;margin-top:8px}
.notice{background:#f2f8fd;border:1px solid #0972d3;color:#0972d3;border-radius:4px;padding:10px;font-size:14px;margin-top:8px}
a.forgot{display:block;font-size:14px;color:#0972d3;margin-top:10px}
p.switch{text-align:center;font-size:14px;margin-top:18px}p.switch a{color:#0972d3}
button.link{background:none;color:#0972d3;font-weight:400;margin-top:10px;padding:4px}
.or{text-align:center;color:#5f6b7a;font-size:13px;margin-top:18px}`;

/**
 * `formAction` is set only on pages without a form: Chromium checks `form-action` against every hop of the redirect
 * chain a form starts, and after the sign-in POST that chain goes on from the app's callback to wherever the app
 * sends its user (a front end on another origin), which no list here can know. `inlineImages` allows `data:` images
 * (the MFA set-up page's QR code), nothing else.
 */
function page(title: string, body: string, formAction?: string, inlineImages = false): HtmlPage {
  const nonce = randomToken(16);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
  return {
    html,
    headers: {
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}';${inlineImages ? ' img-src data:;' : ''}${formAction ? ` form-action ${formAction};` : ''} frame-ancestors 'none'; base-uri 'none'`,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
  };
}

/** The sign-in page: the client's name, optional error, username/password form and one button per identity provider. */
export function loginPage(input: LoginPageInput): HtmlPage {
  const error = input.error
    ? `<div class="error" role="alert" id="loginErrorMessage">${escapeHtml(input.error)}</div>`
    : '';
  const providers = input.providers
    .map((p) => `<a class="idp" href="${escapeHtml(p.href)}">Continue with ${escapeHtml(p.name)}</a>`)
    .join('');
  const notice = input.notice
    ? `<div class="notice" role="status" id="loginNoticeMessage">${escapeHtml(input.notice)}</div>`
    : '';
  const forgot = input.forgotPasswordHref
    ? `<a class="forgot" id="forgotPasswordLink" href="${escapeHtml(input.forgotPasswordHref)}">Forgot your password?</a>`
    : '';
  const form = input.showForm
    ? `${notice}<form method="post" action="/login" novalidate>
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required value="${escapeHtml(input.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
${forgot}
${error}
<button type="submit" name="signInSubmitButton">Sign in</button>
</form>`
    : error;
  const signUp =
    input.showForm && input.signUpHref
      ? `<p class="switch">Need an account? <a id="signUpLink" href="${escapeHtml(input.signUpHref)}">Sign up</a></p>`
      : '';
  const separator = input.showForm && providers ? '<p class="or">or</p>' : '';
  const body = `<h1>Sign in to ${escapeHtml(input.clientName)}</h1>
<p class="pool">${escapeHtml(input.poolName)} · Cognito emulator</p>
${form}${separator}${providers}${signUp}`;
  return page('Signin', body);
}

/** What the step pages (password steps, MFA code) show: whose sign-in it is, the form's key and the last error. */
export interface PasswordStepPageInput {
  readonly clientName: string;
  readonly poolName: string;
  /** Server-side key of the waiting sign-in; the only thing the form carries besides what the user types. */
  readonly pendingId: string;
  readonly error?: string | undefined;
}

/** `given_name` → `Given name`, `custom:tenant` → `Tenant`: a label for a required attribute's field. */
const attributeLabel = (name: string): string => {
  const words = name.replace(/^custom:/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const errorBox = (error: string | undefined, id = 'passwordErrorMessage'): string =>
  error ? `<div class="error" role="alert" id="${id}">${escapeHtml(error)}</div>` : '';

const heading = (title: string, input: PasswordStepPageInput): string =>
  `<h1>${escapeHtml(title)}</h1>
<p class="pool">${escapeHtml(input.clientName)} · ${escapeHtml(input.poolName)} · Cognito emulator</p>`;

const newPasswordFields = `<label for="newPassword">New Password</label>
<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required>
<label for="confirmPassword">Enter New Password Again</label>
<input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required>`;

/**
 * Cognito's "Change Password" step for a user with a temporary password (`FORCE_CHANGE_PASSWORD`): the new password
 * twice and a field for each of the pool's required attributes the user has no value for.
 */
export function newPasswordPage(
  input: PasswordStepPageInput & { readonly missingAttributes: readonly string[] },
): HtmlPage {
  const attributes = input.missingAttributes
    .map(
      (name, i) => `<label for="attribute${i}">${escapeHtml(attributeLabel(name))}</label>
<input id="attribute${i}" name="userAttributes.${escapeHtml(name)}" type="text" required>`,
    )
    .join('\n');
  const body = `${heading('Change Password', input)}
<p>Please enter your new password below.</p>
<form method="post" action="/changePassword" novalidate>
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
${newPasswordFields}
${attributes}
${errorBox(input.error)}
<button type="submit" name="changePasswordSubmitButton">Send</button>
</form>`;
  return page('Change Password', body);
}

/**
 * Cognito's reset step: the code and the new password twice, posted to `action`. For a user whose password an
 * administrator reset (`RESET_REQUIRED`) it names where the code went (`destination`, masked); after "Forgot your
 * password?" it does not, so the page does not tell whether the username exists.
 */
export function resetPasswordPage(
  input: PasswordStepPageInput & { readonly destination: string | undefined; readonly action: string },
): HtmlPage {
  const sentTo = input.destination
    ? `We have sent a password reset code to ${escapeHtml(input.destination)}.`
    : 'If the username belongs to an account, we have sent it a password reset code.';
  const body = `${heading('Reset your password', input)}
<p>${sentTo} Enter it below to reset your password.</p>
<form method="post" action="${escapeHtml(input.action)}" novalidate>
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<label for="code">Code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
${newPasswordFields}
${errorBox(input.error)}
<button type="submit" name="reset_password">Change Password</button>
</form>`;
  return page('Reset Password', body);
}

/** Cognito's "Forgot your password?" page: the username to send a reset code to. */
export function forgotPasswordPage(
  input: PasswordStepPageInput & { readonly username?: string | undefined },
): HtmlPage {
  const body = `${heading('Forgot your password?', input)}
<p>Enter your username below and we will send a code to reset your password.</p>
<form method="post" action="/forgotPassword" novalidate>
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required value="${escapeHtml(input.username ?? '')}">
${errorBox(input.error)}
<button type="submit" name="reset_my_password">Reset my password</button>
</form>`;
  return page('Forgot Password', body);
}

/**
 * Cognito's "Sign up" page: a username, a field for each attribute the pool asks for (`attributes`, those in
 * `requiredAttributes` marked required) and a password, posted to `/signup`; `values` refills what was typed.
 */
export function signUpPage(
  input: PasswordStepPageInput & {
    readonly attributes: readonly string[];
    readonly requiredAttributes: readonly string[];
    readonly values: Readonly<Record<string, string>>;
    readonly signInHref: string;
  },
): HtmlPage {
  const value = (name: string) => escapeHtml(input.values[name] ?? '');
  const attributes = input.attributes
    .map((name, i) => {
      const required = input.requiredAttributes.includes(name);
      const type = name === 'email' ? 'email' : 'text';
      return `<label for="attribute${i}">${escapeHtml(attributeLabel(name))}${required ? '' : ' (optional)'}</label>
<input id="attribute${i}" name="userAttributes.${escapeHtml(name)}" type="${type}"${required ? ' required' : ''} value="${value(`userAttributes.${name}`)}">`;
    })
    .join('\n');
  const body = `${heading('Sign up with a new account', input)}
<form method="post" action="/signup" novalidate>
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required value="${value('username')}">
${attributes}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required>
${errorBox(input.error, 'signUpErrorMessage')}
<button type="submit" name="signUpButton">Sign up</button>
</form>
<p class="switch">Already have an account? <a id="signInLink" href="${escapeHtml(input.signInHref)}">Sign in</a></p>`;
  return page('Signup', body);
}

/**
 * Cognito's "Confirm your account" page after a sign-up: the code sent to `destination` (masked), and a "Resend code"
 * button; `notice` confirms a resent code.
 */
export function confirmSignUpPage(
  input: PasswordStepPageInput & { readonly destination: string; readonly notice?: string | undefined },
): HtmlPage {
  const notice = input.notice
    ? `<div class="notice" role="status" id="confirmNoticeMessage">${escapeHtml(input.notice)}</div>`
    : '';
  const body = `${heading('Confirm your account', input)}
<p>We have sent a code to ${escapeHtml(input.destination)}. Enter it below to confirm your account.</p>
<form method="post" action="/confirmUser" novalidate>
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<label for="code">Verification Code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
${errorBox(input.error, 'confirmErrorMessage')}
<button type="submit" name="confirm">Confirm account</button>
</form>
${notice}<form method="post" action="/resendCode" novalidate>
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<button type="submit" class="link" name="resend">Resend code</button>
</form>`;
  return page('Confirm account', body);
}

/** The six-digit code form of the MFA pages, posted to `action`. */
const totpForm = (action: string, button: string, input: PasswordStepPageInput): string =>
  `<form method="post" action="${action}" novalidate>
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<label for="totpCode">Code</label>
<input id="totpCode" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
${errorBox(input.error, 'mfaErrorMessage')}
<button type="submit" name="${button}">Sign in</button>
</form>`;

/**
 * Cognito's MFA set-up during sign-in, for a pool that requires MFA and a user without it: the authenticator secret
 * as a QR code of its `otpauth://` URI (`qrCode`, a `data:image/png;base64,` URL, so the page needs no other request
 * and its form key never appears in a URL), as text and as the URI itself, and the first code from the app.
 *
 * @example
 * ```ts
 * const qrCode = await totpQrCode(uri);
 * htmlResponse(c, mfaSetupPage({ clientName, poolName, pendingId, secret, otpauthUri: uri, qrCode }));
 * ```
 */
export function mfaSetupPage(
  input: PasswordStepPageInput & { readonly secret: string; readonly otpauthUri: string; readonly qrCode: string },
): HtmlPage {
  const body = `${heading('Set up an authenticator app', input)}
<p>Multi-factor authentication is required. Scan this QR code with your authenticator app (or add the secret key below), then enter the code it shows.</p>
<p><img id="qrCode" src="${escapeHtml(input.qrCode)}" alt="QR code for your authenticator app" width="200" height="200"></p>
<p class="pool">Secret key</p>
<p><code id="secretCode">${escapeHtml(input.secret)}</code></p>
<p class="pool">Or open: <code id="otpauthUri">${escapeHtml(input.otpauthUri)}</code></p>
${totpForm('/mfaSetup', 'mfaSetupSubmitButton', input)}`;
  return page('Set up MFA', body, undefined, true);
}

/**
 * Cognito's MFA step for a user with SMS or e-mail MFA: the code the pool just sent to `destination` (masked), posted
 * to `action`.
 *
 * @example
 * ```ts
 * mfaCodePage({ clientName, poolName, pendingId, medium: 'SMS', destination: '+*******0101', action: '/mfaSms' });
 * ```
 */
export function mfaCodePage(
  input: PasswordStepPageInput & {
    readonly medium: 'SMS' | 'EMAIL';
    readonly destination: string;
    readonly action: string;
  },
): HtmlPage {
  const how = input.medium === 'SMS' ? 'a text message' : 'an e-mail';
  const body = `${heading('Multi-factor authentication', input)}
<p>We have sent a code by ${how} to <span id="codeDestination">${escapeHtml(input.destination)}</span>. Enter it below.</p>
${totpForm(input.action, 'mfaSubmitButton', input)}`;
  return page('Multi-factor authentication', body);
}

/** Cognito's MFA step for a user with software-token (TOTP) MFA: the six-digit code from the authenticator app. */
export function mfaPage(input: PasswordStepPageInput): HtmlPage {
  const body = `${heading('Multi-factor authentication', input)}
<p>Enter the code from your authenticator app.</p>
${totpForm('/mfa', 'mfaSubmitButton', input)}`;
  return page('Multi-factor authentication', body);
}

/** Longest redirect URI an error page quotes; anything longer is cut, so a page cannot be filled with chosen text. */
const QUOTE_LIMIT = 512;

/** Request input made safe to quote: control characters dropped, length bounded (escaping happens on output). */
const quotable = (text: string): string => {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return clean.length > QUOTE_LIMIT ? `${clean.slice(0, QUOTE_LIMIT)}…` : clean;
};

/**
 * Shown where Cognito shows "An error was encountered with the requested page" instead of redirecting;
 * `sentRedirectUri` (the `redirect_uri` the app sent) is quoted so a developer sees what did not match.
 */
export function errorPage(message: string, sentRedirectUri?: string): HtmlPage {
  const sent =
    sentRedirectUri === undefined
      ? ''
      : `<p class="pool">redirect_uri sent: <code id="sentRedirectUri">${escapeHtml(quotable(sentRedirectUri))}</code></p>`;
  const body = `<h1>An error was encountered with the requested page.</h1>
<div class="error" role="alert" id="errorMessage">${escapeHtml(message)}</div>${sent}`;
  return page('Error', body, "'none'");
}
