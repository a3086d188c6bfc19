// The hosted UI's "Sign up" over HTTP: a new user signs up, confirms the code and lands on the app; the pool's
// AllowAdminCreateUserOnly decides whether there is a sign-up at all.
import { readFile } from 'node:fs/promises';
import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../../../../test-fixtures/support/hosted-ui.js';
import { startEmulator, type Emulator } from '../../src/index.js';
import { sdkClient } from '../api-support.js';
import { CALLBACK, CONFIDENTIAL, PUBLIC_ID, SEED_PATH, authorizeUrl, claimsOf, exchange, pkce } from '../support.js';

/**
 * Emulators from the shared seed with `userPool.allowAdminCreateUserOnly` set as given (absent when undefined), and
 * with the test pre sign-up trigger (auto-confirms `@trusted.example`, refuses the username "blocked") when asked.
 */
async function startWith(allowAdminCreateUserOnly: boolean | undefined, withTrigger = false): Promise<Emulator> {
  const seed = JSON.parse(await readFile(SEED_PATH, 'utf8')) as Record<string, Record<string, unknown>>;
  if (allowAdminCreateUserOnly !== undefined) seed.userPool!.allowAdminCreateUserOnly = allowAdminCreateUserOnly;
  seed.userPool!.requiredAttributes = ['email'];
  if (withTrigger)
    seed.triggers = { preSignUp: new URL('../fixtures/triggers/pre-sign-up.mjs', import.meta.url).pathname };
  return startEmulator({ seed: seed as never, port: 0 });
}

let open: Emulator;
let closed: Emulator;
let legacy: Emulator;
let triggered: Emulator;

beforeAll(async () => {
  [open, closed, legacy, triggered] = await Promise.all([
    startWith(false),
    startWith(true),
    startWith(undefined),
    startWith(false, true),
  ]);
}, 60_000);
afterAll(() => Promise.all([open, closed, legacy, triggered].map((emulator) => emulator?.stop())));

const pendingOf = (html: string) => /name="pending" value="([^"]+)"/.exec(html)?.[1] ?? '';
const errorOn = (html: string, id: string) => new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1];
const unescape = (href: string) => href.replace(/&amp;/g, '&');

/** One browser on `emulator`: a cookie jar, and requests that carry it. */
function browser(emulator: Emulator) {
  const jar = new CookieJar();
  const send = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${emulator.url}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { cookie: jar.header(emulator.url), ...init.headers },
    });
    jar.store(response, emulator.url);
    return response;
  };
  return {
    jar,
    get: (path: string) => send(path),
    post: (path: string, fields: Record<string, string>, cookie?: string) =>
      send(path, {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(cookie === undefined ? {} : { cookie }),
        },
      }),
  };
}

/** Opens the sign-in page of `emulator` in browser `b` (PKCE, `state`) and returns its HTML and the PKCE verifier. */
async function openSignIn(emulator: Emulator, b: ReturnType<typeof browser>, state: string) {
  const { verifier, challenge } = pkce();
  const authorize = await fetch(
    authorizeUrl(emulator, {
      client_id: CONFIDENTIAL.id,
      state,
      scope: 'openid email',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }),
    { redirect: 'manual' },
  );
  const location = new URL(authorize.headers.get('location')!);
  const html = await (await b.get(`${location.pathname}${location.search}`)).text();
  return { html, verifier };
}

/** Follows the sign-in page's "Sign up" link and posts the form; returns the answer. */
async function signUpIn(b: ReturnType<typeof browser>, loginHtml: string, fields: Record<string, string>) {
  const href = /<a id="signUpLink" href="([^"]+)"/.exec(loginHtml)?.[1];
  if (!href) throw new Error('no "Sign up" link on the sign-in page');
  const page = await b.get(unescape(href));
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<h1>Sign up with a new account</h1>');
  return b.post('/signup', { pending: pendingOf(html), ...fields });
}

const signUpCode = (emulator: Emulator, username: string) =>
  emulator.admin.confirmationCodes(username).find((c) => c.purpose === 'SignUp')?.code;

describe('"Sign up" at the hosted UI (AllowAdminCreateUserOnly: false)', () => {
  it('username, e-mail and password → the code → signed in at the app with the original state', async () => {
    const b = browser(open);
    const { html: login, verifier } = await openSignIn(open, b, 'signup-state');
    const form = { username: 'newbie', 'userAttributes.email': 'newbie@example.com' };

    const weak = await signUpIn(b, login, { ...form, password: 'short' });
    expect(weak.status).toBe(400);
    const weakPage = await weak.text();
    // Cognito's InvalidPasswordException wording, with what the user typed kept (except the password).
    expect(errorOn(weakPage, 'signUpErrorMessage')).toBe(
      'Password did not conform with policy: Password not long enough',
    );
    expect(weakPage).toContain('value="newbie@example.com"');
    const noSymbol = await b.post('/signup', { pending: pendingOf(weakPage), ...form, password: 'Newbie-password' });
    expect(errorOn(await noSymbol.text(), 'signUpErrorMessage')).toBe(
      'Password did not conform with policy: Password must have numeric characters',
    );
    const taken = await b.post('/signup', {
      pending: pendingOf(weakPage),
      ...form,
      username: 'ALICE',
      password: 'Alice-password-9',
    });
    expect(errorOn(await taken.text(), 'signUpErrorMessage')).toBe('User already exists');
    const noEmail = await b.post('/signup', {
      pending: pendingOf(weakPage),
      username: 'newbie',
      password: 'Newbie-password-1',
    });
    expect(errorOn(await noEmail.text(), 'signUpErrorMessage')).toBe(
      'Attributes did not conform to the schema: email: The attribute is required',
    );

    const signedUp = await b.post('/signup', { pending: pendingOf(weakPage), ...form, password: 'Newbie-password-1' });
    expect(signedUp.status).toBe(200);
    const confirmPage = await signedUp.text();
    expect(confirmPage).toContain('<h1>Confirm your account</h1>');
    expect(confirmPage).toContain('We have sent a code to n***@e***.');
    expect(signedUp.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(signedUp.headers.getSetCookie().join('\n')).toMatch(/cognito-password-step=[\w-]{43};.*SameSite=Strict/);
    const code = signUpCode(open, 'newbie')!;
    expect(code).toMatch(/^\d{6}$/);
    expect(confirmPage).not.toContain(code);
    const sdk = sdkClient(open);
    const before = await sdk.send(new AdminGetUserCommand({ UserPoolId: open.userPoolId, Username: 'newbie' }));
    expect(before.UserStatus).toBe('UNCONFIRMED');

    const pending = pendingOf(confirmPage);
    const wrong = await b.post('/confirmUser', { pending, code: code === '000000' ? '000001' : '000000' });
    expect(wrong.status).toBe(400);
    expect(errorOn(await wrong.text(), 'confirmErrorMessage')).toBe(
      'Invalid verification code provided, please try again.',
    );
    const confirmed = await b.post('/confirmUser', { pending, code });
    expect(confirmed.status).toBe(302);
    const landed = new URL(confirmed.headers.get('location')!);
    expect(`${landed.origin}${landed.pathname}`).toBe(CALLBACK);
    expect(landed.searchParams.get('state')).toBe('signup-state');
    const tokens = await exchange(open, {
      code: landed.searchParams.get('code')!,
      state: 'signup-state',
      verifier,
      location: landed,
    });
    expect(claimsOf(tokens.id_token!)).toMatchObject({
      'cognito:username': 'newbie',
      email: 'newbie@example.com',
      email_verified: true,
    });
    expect(confirmed.headers.getSetCookie().join('\n')).toMatch(/(^|\n)cognito=/);
    const after = await sdk.send(new AdminGetUserCommand({ UserPoolId: open.userPoolId, Username: 'newbie' }));
    expect(after.UserStatus).toBe('CONFIRMED');
    // The code and the page are used up.
    expect(signUpCode(open, 'newbie')).toBeUndefined();
    expect((await b.post('/confirmUser', { pending, code })).status).toBe(400);
  });

  it("binds the confirmation page to the browser: no cookie (a cross-site post) or another browser's is refused", async () => {
    const b = browser(open);
    const { html } = await openSignIn(open, b, 's');
    const signedUp = await signUpIn(b, html, {
      username: 'bound',
      'userAttributes.email': 'bound@example.com',
      password: 'Bound-password-1',
    });
    const pending = pendingOf(await signedUp.text());
    const code = signUpCode(open, 'bound')!;
    expect((await b.post('/confirmUser', { pending, code }, '')).status).toBe(400);
    const other = browser(open);
    await signUpIn(other, (await openSignIn(open, other, 's')).html, {
      username: 'other',
      'userAttributes.email': 'other@example.com',
      password: 'Other-password-1',
    });
    expect(other.jar.header(open.url)).not.toBe(b.jar.header(open.url));
    const stolen = await b.post('/confirmUser', { pending, code }, other.jar.header(open.url));
    expect(stolen.status).toBe(400);
    expect(await stolen.text()).toContain('This page has expired or was already used.');
    // The user is still unconfirmed, and cannot sign in with the password alone.
    const login = await openSignIn(open, b, 's');
    const tried = await b.post('/login', {
      pending: pendingOf(login.html),
      username: 'bound',
      password: 'Bound-password-1',
    });
    expect(errorOn(await tried.text(), 'loginErrorMessage')).toBe('User is not confirmed.');
    // Its own browser confirms it.
    expect((await b.post('/confirmUser', { pending, code })).status).toBe(302);
  });
});

/** Posts the sign-up form by hand with the sign-in page's key, where there is no sign-up: refused, nobody created. */
async function expectNoForgedSignUp(
  emulator: Emulator,
  b: ReturnType<typeof browser>,
  loginHtml: string,
  username: string,
) {
  const forged = await b.post('/signup', {
    pending: pendingOf(loginHtml),
    username,
    'userAttributes.email': `${username}@example.com`,
    password: 'Forged-password-1',
  });
  expect(forged.status).toBe(400);
  expect(await forged.text()).toContain('SignUp is not permitted for this user pool');
  expect(emulator.admin.listUsers().some((u) => u.username === username)).toBe(false);
}

describe('"Resend code" on the confirmation page', () => {
  it('sends a new code (the old one stops working), only in the browser that signed up', async () => {
    const b = browser(open);
    const signedUp = await signUpIn(b, (await openSignIn(open, b, 'resend')).html, {
      username: 'resender',
      'userAttributes.email': 'resender@example.com',
      password: 'Resender-password-1',
    });
    const pending = pendingOf(await signedUp.text());
    const first = signUpCode(open, 'resender')!;
    expect((await b.post('/resendCode', { pending }, '')).status).toBe(400);
    expect(signUpCode(open, 'resender')).toBe(first);
    const resent = await b.post('/resendCode', { pending });
    expect(resent.status).toBe(200);
    expect(await resent.text()).toContain('A new code has been sent.');
    const second = signUpCode(open, 'resender')!;
    if (second !== first)
      expect(
        errorOn(await (await b.post('/confirmUser', { pending, code: first })).text(), 'confirmErrorMessage'),
      ).toBe('Invalid verification code provided, please try again.');
    const confirmed = await b.post('/confirmUser', { pending, code: second });
    expect(confirmed.status).toBe(302);
    expect(new URL(confirmed.headers.get('location')!).searchParams.get('state')).toBe('resend');
  });
});

describe('the pre sign-up trigger at the hosted UI', () => {
  it('a refusal shows on the form; an auto-confirmed user goes straight to the app', async () => {
    const b = browser(triggered);
    const { html } = await openSignIn(triggered, b, 'trusted');
    const refused = await signUpIn(b, html, {
      username: 'blocked',
      'userAttributes.email': 'blocked@example.com',
      password: 'Blocked-password-1',
    });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(errorOn(refusedPage, 'signUpErrorMessage')).toBe(
      'PreSignUp failed with error Sign-ups from blocked are closed.',
    );
    const trusted = await b.post('/signup', {
      pending: pendingOf(refusedPage),
      username: 'trusty',
      'userAttributes.email': 'trusty@trusted.example',
      password: 'Trusty-password-1',
    });
    expect(trusted.status).toBe(302);
    const landed = new URL(trusted.headers.get('location')!);
    expect(`${landed.origin}${landed.pathname}`).toBe(CALLBACK);
    expect(landed.searchParams.get('state')).toBe('trusted');
    expect(signUpCode(triggered, 'trusty')).toBeUndefined();
  });
});

describe('guessing a sign-up code', () => {
  it('five wrong codes an hour: then the right one is refused too, on the page and in ConfirmSignUp', async () => {
    const b = browser(open);
    const signedUp = await signUpIn(b, (await openSignIn(open, b, 's')).html, {
      username: 'guessed',
      'userAttributes.email': 'guessed@example.com',
      password: 'Guessed-password-1',
    });
    const pending = pendingOf(await signedUp.text());
    const code = signUpCode(open, 'guessed')!;
    const wrong = code === '000000' ? '000001' : '000000';
    for (let attempt = 1; attempt <= 5; attempt++)
      expect(
        errorOn(await (await b.post('/confirmUser', { pending, code: wrong })).text(), 'confirmErrorMessage'),
      ).toBe('Invalid verification code provided, please try again.');
    const right = await b.post('/confirmUser', { pending, code });
    expect(right.status).toBe(400);
    expect(errorOn(await right.text(), 'confirmErrorMessage')).toBe(
      'Attempt limit exceeded, please try after some time.',
    );
    await expect(
      sdkClient(open).send(
        new ConfirmSignUpCommand({ ClientId: PUBLIC_ID, Username: 'guessed', ConfirmationCode: code }),
      ),
    ).rejects.toMatchObject({ name: 'LimitExceededException' });
    const user = await sdkClient(open).send(
      new AdminGetUserCommand({ UserPoolId: open.userPoolId, Username: 'guessed' }),
    );
    expect(user.UserStatus).toBe('UNCONFIRMED');
  });
});

describe('who may sign up: AdminCreateUserConfig.AllowAdminCreateUserOnly', () => {
  it('true: no sign-up link, the sign-up page and post are refused, and so is the API SignUp', async () => {
    const b = browser(closed);
    const { html } = await openSignIn(closed, b, 's');
    expect(html).not.toContain('signUpLink');
    const page = await b.get(
      `/signup?client_id=${CONFIDENTIAL.id}&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}`,
    );
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('SignUp is not permitted for this user pool');
    // A hand-made post with the sign-in form's key creates nobody.
    await expectNoForgedSignUp(closed, b, html, 'sneaky');
    const sdk = sdkClient(closed);
    await expect(
      sdk.send(
        new SignUpCommand({
          ClientId: PUBLIC_ID,
          Username: 'sneaky',
          Password: 'Sneaky-password-1',
          UserAttributes: [{ Name: 'email', Value: 'sneaky@example.com' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'SignUp is not permitted for this user pool' });
    const pool = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: closed.userPoolId }));
    expect(pool.UserPool?.AdminCreateUserConfig?.AllowAdminCreateUserOnly).toBe(true);
  });

  it('absent (the default): the API SignUp works, the hosted UI has no sign-up', async () => {
    const b = browser(legacy);
    const { html } = await openSignIn(legacy, b, 's');
    expect(html).not.toContain('signUpLink');
    await expectNoForgedSignUp(legacy, b, html, 'viaform');
    const signedUp = await sdkClient(legacy).send(
      new SignUpCommand({
        ClientId: PUBLIC_ID,
        Username: 'viaapi',
        Password: 'Viaapi-password-1',
        UserAttributes: [{ Name: 'email', Value: 'viaapi@example.com' }],
      }),
    );
    expect(signedUp.UserConfirmed).toBe(false);
  });
});
