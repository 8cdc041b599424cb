// One OpenID Connect authorization-code flow against tenant-auth, end to end, the way a real
// relying party and a real browser do it: openid-client 6 for everything protocol-side (discovery,
// PKCE, authorization URL, code exchange, ID token checks, userinfo, refresh, introspection,
// revocation) and Playwright driving the system Chromium for the hosted pages (login, TOTP,
// browser-session reuse, sign-out, refusal of framing and of a cross-site sign-in post, no CSP
// violations), with an axe-core accessibility check of the login and TOTP pages.
//
// Configured by environment (see README, "Tests"):
//   ISSUER          the service's issuer, e.g. http://127.0.0.1:18123 (discovery starts there)
//   CLIENT_ID       the client's id
//   CLIENT_SECRET   its secret; empty or unset: a public client (PKCE only, no client authentication)
//   CLIENT_AUTH     optional: client_secret_basic | client_secret_post (default: openid-client's, post)
//   REDIRECT_URI    http://127.0.0.1:<port>/<path>, registered for the client; served here, loopback only
//   EMAIL, PASSWORD the user's credentials
//   TOTP_SECRET     optional base32 TOTP secret: the user has TOTP and the MFA page must come
//   RECOVERY_CODE   optional (with TOTP_SECRET): after sign-out, sign in again with it (the <details> form)
//   ENROLL          "1": the user has no TOTP and the tenant requires MFA: the enrollment page must come
//                   after the password (key shown on it, code, then the recovery codes page and Continue);
//                   the later steps use the enrolled key and the first recovery code shown
//   TENANT          optional: the tenant slug the tokens must carry
//   ARTIFACTS       directory for screenshots (and the page's HTML on failure); default ./oidc-artifacts
//   LABEL           prefix of the artifact names; default "flow"
//   CHROMIUM        browser binary; default /usr/bin/chromium
//   TIMEOUT_MS      the whole run's bound; default 150000
//
// Prints exactly one JSON line on stdout (the summary; progress goes to stderr) and exits 0 when
// every step passed, 1 when one failed (the summary says which and why), 2 on the overall timeout.

import * as client from 'openid-client';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { generate as totp } from 'otplib';
import * as jose from 'jose';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const env = process.env;
const ISSUER = required('ISSUER');
const CLIENT_ID = required('CLIENT_ID');
const CLIENT_SECRET = env.CLIENT_SECRET || '';
const PUBLIC = CLIENT_SECRET === '';
const CLIENT_AUTH = env.CLIENT_AUTH || '';
const REDIRECT_URI = required('REDIRECT_URI');
const EMAIL = required('EMAIL');
const PASSWORD = required('PASSWORD');
const ENROLL = env.ENROLL === '1';
// with ENROLL, both come from the enrollment pages
let totpSecret = env.TOTP_SECRET || '';
let recoveryCode = env.RECOVERY_CODE || '';
const TENANT = env.TENANT || '';
const ARTIFACTS = path.resolve(env.ARTIFACTS || 'oidc-artifacts');
const LABEL = env.LABEL || 'flow';
const CHROMIUM = env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = Number(env.TIMEOUT_MS || 150000);
const STEP_MS = 15000; // one page load, one redirect, one request
const SCOPE = 'openid email';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// axe impacts that fail the run; minor and moderate ones are counted and reported only
const BLOCKING = new Set(['serious', 'critical']);

const summary = {
  ok: false,
  label: LABEL,
  client: { type: PUBLIC ? 'public' : 'confidential', auth: null },
  totp: totpSecret !== '' || ENROLL,
  enrolled: ENROLL,
  steps: [],
  failed_step: null,
  error: null,
  claims: {},
  sso_claims: {},
  axe: {},
  screenshots: [],
  browser_console: [],
};

function required(name) {
  const v = env[name];
  if (!v) {
    console.log(JSON.stringify({ ok: false, error: `environment variable ${name} is required` }));
    process.exit(1);
  }
  return v;
}

function log(...args) {
  console.error(`[oidc-flow ${LABEL}]`, ...args);
}

class Failure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new Failure(message);
  }
}

let currentStep = null;
async function step(name, fn) {
  currentStep = name;
  const started = Date.now();
  log(`step ${name} …`);
  const result = await fn();
  summary.steps.push(name);
  log(`step ${name} passed (${Date.now() - started} ms)`);
  currentStep = null;
  return result;
}

// ---------------------------------------------------------------------------------------------
// The redirect URI: a loopback HTTP server that records every request to the callback path.

const redirect = new URL(REDIRECT_URI);
if (redirect.protocol !== 'http:' || redirect.hostname !== '127.0.0.1' || !redirect.port) {
  console.log(JSON.stringify({ ok: false, error: `REDIRECT_URI must be http://127.0.0.1:<port>/…, is ${REDIRECT_URI}` }));
  process.exit(1);
}
const callbacks = [];
let attackPage = ''; // the cross-site form of the CSRF step, served by the callback server
const callbackServer = http.createServer((req, res) => {
  const url = new URL(req.url, `http://${redirect.host}`);
  if (url.pathname === redirect.pathname) {
    callbacks.push(url.href);
  }
  if (url.pathname === '/csrf-test') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(attackPage);
    return;
  }
  if (url.pathname === '/framing-test') {
    // another origin (same host, another port) that tries to show the hosted login page in a frame
    const target = url.searchParams.get('u') || '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framing test</title></head><body>'
      + `<iframe id="victim" title="hosted login" src="${target.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}"`
      + ' width="600" height="400"></iframe></body></html>');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Relying party</title></head>'
    + '<body><main><h1>Back at the relying party</h1><p>The authorization response arrived.</p></main></body></html>');
});
callbackServer.keepAliveTimeout = 1000;

let browser = null;
let page = null;
let finished = false;

function finish(code) {
  if (finished) {
    return;
  }
  finished = true;
  summary.ok = code === 0;
  console.log(JSON.stringify(summary));
  process.exitCode = code;
}

const watchdog = setTimeout(async () => {
  summary.failed_step = currentStep;
  summary.error = `timed out after ${TIMEOUT_MS} ms${currentStep ? ` in step ${currentStep}` : ''}`;
  log(summary.error);
  finish(2);
  try {
    await browser?.close();
  } catch { /* exiting anyway */ }
  process.exit(2);
}, TIMEOUT_MS);

// ---------------------------------------------------------------------------------------------
// Helpers for the browser part

async function screenshot(name) {
  const file = path.join(ARTIFACTS, `${LABEL}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  summary.screenshots.push(path.relative(process.cwd(), file));
}

/** axe-core on the current page; records the counts; fails on serious/critical violations when enforced. */
async function axe(name, enforced = true) {
  const result = await new AxeBuilder({ page }).analyze();
  const byImpact = { minor: 0, moderate: 0, serious: 0, critical: 0 };
  for (const v of result.violations) {
    byImpact[v.impact] = (byImpact[v.impact] || 0) + 1;
  }
  const blocking = result.violations.filter((v) => BLOCKING.has(v.impact));
  summary.axe[name] = {
    violations: result.violations.length,
    ...byImpact,
    passes: result.passes.length,
    enforced,
    ids: result.violations.map((v) => `${v.id}:${v.impact}`),
  };
  if (enforced && blocking.length) {
    const detail = blocking.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    throw new Failure(`axe found ${blocking.length} serious/critical violation(s) on the ${name} page: ${detail.join('; ')}`);
  }
}

function isCallback(url) {
  return url.href.startsWith(redirect.origin + redirect.pathname);
}

/** Runs {@code action} (a submit, a navigation) and waits until the browser is at the redirect URI. */
async function toCallback(action, what) {
  const before = callbacks.length;
  try {
    await Promise.all([page.waitForURL(isCallback, { timeout: STEP_MS, waitUntil: 'load' }), action()]);
  } catch (e) {
    throw new Failure(`${what}: the browser did not arrive at ${REDIRECT_URI} within ${STEP_MS} ms; it is at ${page.url()}`
      + ` (title "${await page.title().catch(() => '?')}", alert "${await alertText()}"): ${e.message.split('\n')[0].replace(/\.$/, '')}${cspHint()}`
      + `${await invalidFields()}`);
  }
  check(callbacks.length > before, `${what}: the browser shows the callback but the redirect URI server saw no request`);
  return new URL(callbacks[callbacks.length - 1]);
}

/** The form fields the browser's constraint validation refuses (a submit it then never sends). */
async function invalidFields() {
  const invalid = await page.evaluate(() => Array.from(document.querySelectorAll('input, textarea, select'))
    .filter((f) => f.willValidate && !f.checkValidity() && f.checkVisibility())
    .map((f) => `#${f.id || f.name} "${f.validationMessage}"${f.pattern ? ` (pattern="${f.pattern}")` : ''}`)).catch(() => []);
  return invalid.length ? `. The browser refuses to submit: invalid field(s) ${invalid.join(', ')}` : '';
}

/** Chromium applies a page's CSP form-action to the redirects after a form post, too. */
function cspHint() {
  const blocked = summary.browser_console.filter((m) => m.includes('form-action'));
  return blocked.length ? `. Chromium blocked the form post by the page's Content-Security-Policy (it applies form-action to`
    + ` the redirect after the post as well, so a 303 to the client's redirect_uri needs that origin in form-action): ${blocked[0]}` : '';
}

async function alertText() {
  const alert = page.locator('[role="alert"]');
  return (await alert.count()) ? (await alert.first().innerText()).trim() : '';
}

/** Asserts the current page is the hosted login page of the contract. */
async function expectLoginPage(what) {
  const form = page.locator('form[method="post" i][action$="/oauth2/authorize"]');
  check(await form.count() === 1, `${what}: no <form method="post" action="/oauth2/authorize"> at ${page.url()} (title "${await page.title()}")`);
  await page.getByLabel('Email').waitFor({ state: 'visible', timeout: STEP_MS });
  await page.getByLabel('Password').waitFor({ state: 'visible', timeout: STEP_MS });
  check(await page.locator('#email').count() === 1 && await page.locator('#password[type="password"]').count() === 1,
    `${what}: the login page lacks #email or #password[type=password]`);
  check(await page.getByRole('button', { name: 'Sign in', exact: true }).count() === 1, `${what}: no "Sign in" button`);
}

/** Fills the login form by keyboard: the email field by its label, Tab to the password, Enter submits. */
async function typeCredentials(email, password) {
  const emailField = page.getByLabel('Email');
  await emailField.click();
  await emailField.fill('');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.id);
  check(focused === 'password', `keyboard order: Tab from the email field goes to "${focused}", not to the password field`);
  await page.keyboard.type(password);
}

/** Waits (at most ~22 s) until at least 8 s of the current 30 s TOTP step are left, then computes its code. */
async function totpCode() {
  const into = Math.floor(Date.now() / 1000) % 30;
  if (into >= 22) {
    await new Promise((r) => setTimeout(r, (30 - into) * 1000 + 300));
  }
  return totp({ secret: totpSecret });
}

/**
 * The enrollment pages of a tenant that requires MFA: the key (shown as text, or in the otpauth
 * link), the first code, the recovery codes page, Continue to the callback.
 */
async function enroll() {
  const code = page.getByLabel('Authentication code');
  try {
    await code.waitFor({ state: 'visible', timeout: STEP_MS });
  } catch {
    throw new Failure(`no enrollment page ("Authentication code") after the password (at ${page.url()}, alert "${await alertText()}")`);
  }
  check(await page.locator('form[method="post" i][action$="/oauth2/authorize/mfa"] #code').count() === 1,
    'the enrollment code field is not in a form posting to /oauth2/authorize/mfa');
  let secret = '';
  if (await page.locator('#totp-secret').count()) {
    secret = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
  }
  const link = page.locator('a[href^="otpauth:"]');
  if (!secret && await link.count()) {
    secret = new URL(await link.first().getAttribute('href')).searchParams.get('secret') || '';
  }
  check(/^[A-Z2-7]{26,}=*$/i.test(secret), 'the enrollment page shows no base32 key (neither #totp-secret nor an otpauth: link)');
  totpSecret = secret.toUpperCase();
  await screenshot('enroll');
  await axe('enroll');
  await code.click();
  await page.keyboard.type(await totpCode());
  await Promise.all([page.waitForNavigation({ timeout: STEP_MS }),
    page.getByRole('button', { name: 'Verify', exact: true }).click()]).catch(async (e) => {
    throw new Failure(`enrollment: the code was not submitted (at ${page.url()}): ${e.message.split('\n')[0].replace(/\.$/, '')}${await invalidFields()}`);
  });
  const codes = (await page.locator('#recovery-codes li').allInnerTexts()).map((c) => c.trim()).filter(Boolean);
  check(codes.length === 10, `the page after enrollment shows ${codes.length} recovery codes, not 10 (at ${page.url()}, `
    + `title "${await page.title()}", alert "${await alertText()}")`);
  recoveryCode = codes[0];
  await screenshot('recovery-codes');
  await axe('recovery-codes');
  const next = page.getByRole('link', { name: 'Continue', exact: true }).or(page.getByRole('button', { name: 'Continue', exact: true }));
  return toCallback(() => next.first().click(), 'Continue after enrollment');
}

async function authorizationRequest() {
  const codeVerifier = client.randomPKCECodeVerifier();
  const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: SCOPE,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, codeVerifier, state, nonce };
}

async function exchange(request, callbackUrl) {
  return client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: request.codeVerifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
    idTokenExpected: true,
  });
}

/** The ID token's claims, checked; also its RS256 signature against the JWKS with jose. */
async function checkIdToken(tokens, request, expectOtp) {
  const claims = tokens.claims();
  check(claims, 'the token response has no id_token');
  check(claims.iss === ISSUER, `id_token iss is ${claims.iss}, not ${ISSUER}`);
  check(typeof claims.sub === 'string' && claims.sub.length > 0, 'id_token has no sub');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  check(aud.includes(CLIENT_ID), `id_token aud ${JSON.stringify(claims.aud)} does not contain ${CLIENT_ID}`);
  check(claims.nonce === request.nonce, 'id_token nonce differs from the request\'s');
  check(typeof claims.tid === 'string' && claims.tid.length > 0, 'id_token has no tid');
  check(typeof claims.tenant === 'string' && claims.tenant.length > 0, 'id_token has no tenant');
  if (TENANT) {
    check(claims.tenant === TENANT, `id_token tenant is ${claims.tenant}, not ${TENANT}`);
  }
  check(claims.email === EMAIL, `id_token email is ${claims.email}, not ${EMAIL}`);
  check(typeof claims.email_verified === 'boolean', 'id_token email_verified is not a boolean');
  check(Array.isArray(claims.amr) && claims.amr.includes('pwd'), `id_token amr ${JSON.stringify(claims.amr)} lacks "pwd"`);
  if (expectOtp) {
    check(claims.amr.includes('otp'), `id_token amr ${JSON.stringify(claims.amr)} lacks "otp" after the TOTP step`);
  } else {
    check(!claims.amr.includes('otp'), `id_token amr ${JSON.stringify(claims.amr)} has "otp" without a TOTP step`);
  }
  const now = Math.floor(Date.now() / 1000);
  check(Number.isInteger(claims.auth_time) && claims.auth_time <= now + 5 && claims.auth_time > now - 600,
    `id_token auth_time ${claims.auth_time} is not a recent time (now ${now})`);
  check(Number.isInteger(claims.iat) && Number.isInteger(claims.exp) && claims.exp > now, 'id_token iat/exp');
  const header = jose.decodeProtectedHeader(tokens.id_token);
  check(header.alg === 'RS256', `id_token alg is ${header.alg}, not RS256`);
  check(typeof header.kid === 'string', 'id_token header has no kid');
  await jose.jwtVerify(tokens.id_token, jwks, { issuer: ISSUER, audience: CLIENT_ID, algorithms: ['RS256'] });
  return claims;
}

function checkTokenResponse(tokens, what) {
  check(typeof tokens.access_token === 'string' && tokens.access_token.length > 0, `${what}: no access_token`);
  // oauth4webapi lower-cases token_type; the server sends "Bearer"
  check(tokens.token_type === 'bearer', `${what}: token_type is ${tokens.token_type}`);
  check(Number.isInteger(tokens.expires_in) && tokens.expires_in > 0, `${what}: expires_in is ${tokens.expires_in}`);
  check(typeof tokens.refresh_token === 'string' && tokens.refresh_token.length > 0, `${what}: no refresh_token`);
  check(typeof tokens.scope === 'string' && tokens.scope.split(' ').includes('openid'), `${what}: scope is ${tokens.scope}`);
}

/** {@code fn} must fail with an OAuth error response {@code error} (RFC 6749 §5.2). */
async function expectOAuthError(fn, error, what) {
  try {
    await fn();
  } catch (e) {
    if (e instanceof client.ResponseBodyError) {
      check(e.error === error, `${what}: refused with ${e.error} (${e.status}), expected ${error}`);
      return `${e.status} ${e.error}`;
    }
    throw new Failure(`${what}: failed, but not with an OAuth error response: ${e.message}`);
  }
  throw new Failure(`${what}: was accepted`);
}

/** {@code fn} (a protected-resource request) must be refused with 401. */
async function expect401(fn, what) {
  try {
    await fn();
  } catch (e) {
    const status = e.status ?? e.response?.status ?? e.cause?.status;
    check(status === 401, `${what}: failed with status ${status}, expected 401: ${e.message}`);
    return 401;
  }
  throw new Failure(`${what}: was accepted`);
}

// ---------------------------------------------------------------------------------------------

let config;
let jwks;

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await new Promise((resolve, reject) => {
    callbackServer.once('error', reject);
    callbackServer.listen(Number(redirect.port), '127.0.0.1', resolve);
  });

  await step('discovery', async () => {
    const auth = CLIENT_AUTH === 'client_secret_basic' ? client.ClientSecretBasic(CLIENT_SECRET)
      : CLIENT_AUTH === 'client_secret_post' ? client.ClientSecretPost(CLIENT_SECRET)
        : undefined;
    check(!(PUBLIC && auth), 'CLIENT_AUTH needs a CLIENT_SECRET');
    summary.client.auth = PUBLIC ? 'none' : CLIENT_AUTH || 'client_secret_post';
    config = await client.discovery(new URL(ISSUER), CLIENT_ID, PUBLIC ? undefined : CLIENT_SECRET, auth,
      { execute: [client.allowInsecureRequests] });
    const m = config.serverMetadata();
    check(m.issuer === ISSUER, `discovery issuer is ${m.issuer}`);
    for (const [key, p] of [['authorization_endpoint', '/oauth2/authorize'], ['token_endpoint', '/oauth2/token'],
      ['userinfo_endpoint', '/oauth2/userinfo'], ['revocation_endpoint', '/oauth2/revoke'],
      ['introspection_endpoint', '/oauth2/introspect'], ['end_session_endpoint', '/oauth2/logout']]) {
      check(m[key] === ISSUER + p, `discovery ${key} is ${m[key]}, expected ${ISSUER + p}`);
    }
    check(typeof m.jwks_uri === 'string', 'discovery has no jwks_uri');
    check(JSON.stringify(m.response_types_supported) === '["code"]', `response_types_supported ${JSON.stringify(m.response_types_supported)}`);
    check(JSON.stringify(m.code_challenge_methods_supported) === '["S256"]',
      `code_challenge_methods_supported ${JSON.stringify(m.code_challenge_methods_supported)}`);
    check(m.id_token_signing_alg_values_supported?.includes('RS256'), 'id_token_signing_alg_values_supported lacks RS256');
    for (const method of ['client_secret_basic', 'client_secret_post', 'none']) {
      check(m.token_endpoint_auth_methods_supported?.includes(method), `token_endpoint_auth_methods_supported lacks ${method}`);
    }
    check(m.authorization_response_iss_parameter_supported === true, 'authorization_response_iss_parameter_supported is not true');
    jwks = jose.createRemoteJWKSet(new URL(m.jwks_uri));
  });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: STEP_MS });
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'en-US' });
  page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('console', (m) => summary.browser_console.push(`${m.type()}: ${m.text()}`.slice(0, 300)));
  page.on('pageerror', (e) => summary.browser_console.push(`pageerror: ${e.message}`.slice(0, 300)));
  page.on('response', (r) => {
    if (r.status() >= 400) {
      summary.browser_console.push(`http ${r.status()} ${r.request().method()} ${r.url().split('?')[0]}`);
    }
  });

  // 1. authorize: the login page, a wrong password, the right one (then TOTP), the callback
  const first = await authorizationRequest();
  await step('login page', async () => {
    const response = await page.goto(first.url.href, { waitUntil: 'load' });
    check(response.status() === 200, `GET ${first.url.pathname} answered ${response.status()}`);
    await expectLoginPage('first authorize');
    await screenshot('login');
    await axe('login');
  });

  await step('wrong password is refused on the page', async () => {
    await typeCredentials(EMAIL, PASSWORD + '-wrong');
    await Promise.all([page.waitForNavigation({ timeout: STEP_MS }), page.keyboard.press('Enter')]);
    const alert = page.locator('p#error[role="alert"]');
    check(await alert.count() === 1, `no <p role="alert" id="error"> after a wrong password (at ${page.url()})`);
    check(!isCallback(new URL(page.url())), 'a wrong password reached the callback');
    await expectLoginPage('after a wrong password');
    await screenshot('login-error');
    await axe('login-error');
  });

  let callbackUrl;
  await step('sign in', async () => {
    await typeCredentials(EMAIL, PASSWORD);
    if (!totpSecret && !ENROLL) {
      callbackUrl = await toCallback(() => page.keyboard.press('Enter'), 'password sign-in');
      return;
    }
    await Promise.all([page.waitForNavigation({ timeout: STEP_MS }), page.keyboard.press('Enter')]);
    if (ENROLL) {
      callbackUrl = await enroll();
      return;
    }
    const code = page.getByLabel('Authentication code');
    try {
      await code.waitFor({ state: 'visible', timeout: STEP_MS });
    } catch {
      throw new Failure(`no TOTP page ("Authentication code") after the password (at ${page.url()}, alert "${await alertText()}")`);
    }
    check(await page.locator('form[method="post" i][action$="/oauth2/authorize/mfa"] #code').count() === 1,
      'the TOTP field is not in a form posting to /oauth2/authorize/mfa');
    check(await page.locator('details #recovery_code').count() === 1, 'no recovery code field inside <details>');
    await screenshot('mfa');
    await axe('mfa');
    await code.click();
    await page.keyboard.type(await totpCode());
    callbackUrl = await toCallback(() => page.getByRole('button', { name: 'Verify', exact: true }).click(), 'TOTP sign-in');
  });

  await step('callback', async () => {
    await screenshot('result');
    check(callbackUrl.searchParams.get('state') === first.state, 'the callback\'s state differs');
    check(callbackUrl.searchParams.get('iss') === ISSUER, `the callback's iss is ${callbackUrl.searchParams.get('iss')}`);
    check(callbackUrl.searchParams.get('code'), 'the callback has no code');
  });

  const tokens = await step('code exchange (PKCE)', async () => {
    const t = await exchange(first, callbackUrl);
    checkTokenResponse(t, 'code exchange');
    return t;
  });

  const claims = await step('id token', async () => checkIdToken(tokens, first, (totpSecret !== '')));
  summary.claims = pick(claims, ['iss', 'sub', 'aud', 'tid', 'tenant', 'email', 'email_verified', 'amr', 'auth_time', 'nonce']);
  summary.claims.nonce_matches = claims.nonce === first.nonce;

  await step('userinfo', async () => {
    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    check(info.email === EMAIL, `userinfo email is ${info.email}`);
    check(typeof info.email_verified === 'boolean', 'userinfo email_verified is not a boolean');
    check(info.tid === claims.tid && info.tenant === claims.tenant, `userinfo tid/tenant ${info.tid}/${info.tenant} differ from the id_token's`);
    summary.userinfo = pick(info, ['sub', 'email', 'email_verified', 'tid', 'tenant']);
  });

  // 2. a second authorize in the same browser: the session cookie skips the password
  const second = await authorizationRequest();
  const ssoTokens = await step('second authorize reuses the browser session', async () => {
    let loginShown = false;
    const onResponse = (r) => {
      if (r.url().startsWith(ISSUER + '/oauth2/authorize') && r.status() === 200) {
        loginShown = true;
      }
    };
    page.on('response', onResponse);
    const url = await toCallback(() => page.goto(second.url.href), 'second authorize');
    page.off('response', onResponse);
    check(!loginShown, 'the second authorize showed a page instead of redirecting straight back');
    await screenshot('sso-result');
    const t = await exchange(second, url);
    checkTokenResponse(t, 'second code exchange');
    const c = await checkIdToken(t, second, (totpSecret !== ''));
    check(c.sub === claims.sub && c.tid === claims.tid, 'the second id_token is for another user or tenant');
    check(c.auth_time === claims.auth_time, `the second id_token's auth_time ${c.auth_time} differs from the sign-in's ${claims.auth_time}`);
    check(JSON.stringify(c.amr) === JSON.stringify(claims.amr), `the second id_token's amr ${JSON.stringify(c.amr)} differs`);
    check(t.refresh_token !== tokens.refresh_token, 'the second authorize returned the first refresh token');
    summary.sso_claims = pick(c, ['sub', 'auth_time', 'amr']);
    return t;
  });

  // 3. revocation (on the second grant): the access token is then inactive and refused
  await step('introspection and revocation', async () => {
    if (!PUBLIC) {
      const active = await client.tokenIntrospection(config, ssoTokens.access_token);
      check(active.active === true, `introspection of a fresh access token: ${JSON.stringify(active)}`);
      check(active.sub === undefined || active.sub === claims.sub, `introspection sub ${active.sub}`);
      summary.introspection = pick(active, ['active', 'sub', 'client_id', 'token_type', 'scope', 'tid', 'tenant']);
    }
    await client.tokenRevocation(config, ssoTokens.refresh_token, { token_type_hint: 'refresh_token' });
    if (!PUBLIC) {
      const inactive = await client.tokenIntrospection(config, ssoTokens.access_token);
      check(inactive.active === false, `introspection after revoking the refresh token: ${JSON.stringify(inactive)}`);
    }
    await expect401(() => client.fetchUserInfo(config, ssoTokens.access_token, claims.sub), 'userinfo with the revoked grant\'s access token');
    await expectOAuthError(() => client.refreshTokenGrant(config, ssoTokens.refresh_token), 'invalid_grant', 'the revoked refresh token');
  });

  // 4. rotation (on the first grant, untouched by the revocation): new refresh token, old one refused
  await step('refresh rotates', async () => {
    if (!PUBLIC) {
      const still = await client.tokenIntrospection(config, tokens.access_token);
      check(still.active === true, `the first grant's access token is inactive after revoking the second grant: ${JSON.stringify(still)}`);
    }
    const rotated = await client.refreshTokenGrant(config, tokens.refresh_token);
    check(typeof rotated.refresh_token === 'string' && rotated.refresh_token !== tokens.refresh_token, 'the refresh token did not rotate');
    check(rotated.access_token && rotated.access_token !== tokens.access_token, 'no new access token');
    const info = await client.fetchUserInfo(config, rotated.access_token, claims.sub);
    check(info.email === EMAIL, 'userinfo with the refreshed access token');
    if (rotated.id_token) {
      const c = rotated.claims();
      check(c.sub === claims.sub && c.iss === ISSUER, 'the refreshed id_token is for another subject or issuer');
    }
    summary.refresh = { rotated: true, id_token: Boolean(rotated.id_token) };
    await expectOAuthError(() => client.refreshTokenGrant(config, tokens.refresh_token), 'invalid_grant', 'the rotated-away refresh token');
    // reuse detection, as /v1/auth/refresh: the whole grant is revoked
    await expectOAuthError(() => client.refreshTokenGrant(config, rotated.refresh_token), 'invalid_grant',
      'the new refresh token after the old one was reused');
  });

  // 5. a code used twice: refused, and what its first use issued is revoked (on a grant of its own)
  await step('a replayed code is refused and revokes its grant', async () => {
    const request = await authorizationRequest();
    const url = await toCallback(() => page.goto(request.url.href), 'authorize for the code replay');
    const t = await exchange(request, url);
    checkTokenResponse(t, 'code exchange before the replay');
    await client.fetchUserInfo(config, t.access_token, claims.sub);
    await expectOAuthError(() => exchange(request, url), 'invalid_grant', 'the code used a second time');
    await expect401(() => client.fetchUserInfo(config, t.access_token, claims.sub), 'userinfo with the access token of a replayed code');
    if (!PUBLIC) {
      const inactive = await client.tokenIntrospection(config, t.access_token);
      check(inactive.active === false, `introspection of the access token of a replayed code: ${JSON.stringify(inactive)}`);
    }
    await expectOAuthError(() => client.refreshTokenGrant(config, t.refresh_token), 'invalid_grant', 'the refresh token of a replayed code');
  });

  // 6. sign-out through the page's form; the next authorize shows the login page again
  await step('sign out', async () => {
    const endSession = client.buildEndSessionUrl(config);
    const response = await page.goto(endSession.href, { waitUntil: 'load' });
    check(response.status() === 200, `GET ${endSession.pathname} answered ${response.status()}`);
    const form = page.locator('form[method="post" i]');
    check(await form.count() >= 1, 'the sign-out page has no POST form');
    await screenshot('logout');
    await axe('logout', false);
    const submit = form.first().locator('button[type="submit"], input[type="submit"], button:not([type])');
    check(await submit.count() >= 1, 'the sign-out form has no submit button');
    await Promise.all([page.waitForNavigation({ timeout: STEP_MS }), submit.first().click()]);
    await screenshot('logged-out');
  });

  const third = await authorizationRequest();
  await step('authorize after sign-out shows the login page', async () => {
    const response = await page.goto(third.url.href, { waitUntil: 'load' });
    check(!isCallback(new URL(page.url())), 'after sign-out the authorize went straight back to the callback');
    check(response.status() === 200, `GET ${third.url.pathname} answered ${response.status()}`);
    await expectLoginPage('authorize after sign-out');
    await screenshot('relogin');
  });

  if (totpSecret && recoveryCode) {
    await step('sign in with a recovery code', async () => {
      await typeCredentials(EMAIL, PASSWORD);
      await Promise.all([page.waitForNavigation({ timeout: STEP_MS }), page.keyboard.press('Enter')]);
      await page.locator('details:has(#recovery_code) > summary').click();
      const field = page.locator('details #recovery_code');
      await field.waitFor({ state: 'visible', timeout: STEP_MS });
      await field.click();
      await page.keyboard.type(recoveryCode);
      await screenshot('mfa-recovery');
      const url = await toCallback(() => page.keyboard.press('Enter'), 'recovery-code sign-in');
      const t = await exchange(third, url);
      const c = await checkIdToken(t, third, true); // the contract's amr values: ["pwd"] or ["pwd","otp"]
      check(c.sub === claims.sub, 'the recovery-code sign-in is another user');
      check(c.auth_time >= claims.auth_time, 'the recovery-code sign-in has an older auth_time');
      summary.recovery_claims = pick(c, ['amr', 'auth_time']);
    });
  }

  // 7. the hosted login page refuses to be framed by another origin (frame-ancestors / X-Frame-Options)
  await step('the login page refuses framing', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const framing = await context.newPage();
    framing.setDefaultTimeout(STEP_MS);
    const request = await authorizationRequest();
    const refused = [];
    framing.on('console', (m) => refused.push(m.text()));
    let headers = null;
    framing.on('response', (r) => {
      if (r.url().startsWith(ISSUER + '/oauth2/authorize')) {
        headers = r.headers();
      }
    });
    await framing.goto(`${redirect.origin}/framing-test?u=${encodeURIComponent(request.url.href)}`, { waitUntil: 'load' });
    check(headers !== null, 'the framed authorize request was not even made');
    const csp = headers['content-security-policy'] || '';
    check(/frame-ancestors 'none'/.test(csp) || /^deny$/i.test(headers['x-frame-options'] || ''),
      `the login page allows framing: Content-Security-Policy "${csp}", X-Frame-Options "${headers['x-frame-options']}"`);
    const frame = framing.frames().find((f) => f !== framing.mainFrame());
    let shown = false;
    try {
      shown = frame !== undefined && await frame.locator('#password').count() > 0;
    } catch {
      shown = false; // the blocked frame is an error page that cannot be queried
    }
    check(!shown, 'Chromium rendered the hosted login page inside another origin\'s frame');
    summary.framing = { blocked: true, by: refused.find((m) => /frame/i.test(m))?.slice(0, 200) ?? null };
    await framing.screenshot({ path: path.join(ARTIFACTS, `${LABEL}-framing.png`) });
    await context.close();
  });

  // 8. login CSRF: another origin's form posting the right credentials with a forged csrf value
  //    (the browser sends the real csrf cookie along: 127.0.0.1 on another port is the same site)
  await step('a cross-site sign-in post is refused (CSRF)', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const attacker = await context.newPage();
    attacker.setDefaultTimeout(STEP_MS);
    const request = await authorizationRequest();
    const login = await attacker.goto(request.url.href, { waitUntil: 'load' });
    check(login.status() === 200, `authorize for the CSRF step answered ${login.status()}`);
    const esc = (v) => String(v).replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    const fields = [...request.url.searchParams.entries(), ['email', EMAIL], ['password', PASSWORD],
      ['csrf', client.randomState()]];
    attackPage = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title></head><body>'
      + `<form method="post" action="${esc(ISSUER + '/oauth2/authorize')}">`
      + fields.map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('')
      + '<button type="submit">Win a prize</button></form></body></html>';
    await attacker.goto(`${redirect.origin}/csrf-test`, { waitUntil: 'load' });
    const before = callbacks.length;
    const [response] = await Promise.all([
      attacker.waitForNavigation({ timeout: STEP_MS }),
      attacker.getByRole('button', { name: 'Win a prize' }).click(),
    ]);
    const status = response ? response.status() : null;
    check(!isCallback(new URL(attacker.url())) && callbacks.length === before,
      'a cross-site form post with a forged csrf value signed the user in and reached the callback');
    check(status !== null && status >= 400, `the cross-site post answered ${status}, not a 4xx refusal`);
    summary.csrf = { refused_with: status };
    await attacker.screenshot({ path: path.join(ARTIFACTS, `${LABEL}-csrf.png`) });
    await context.close();
  });

  // 9. no Content-Security-Policy violation on any hosted page of the run (e.g. a blocked stylesheet)
  await step('no CSP violations on the hosted pages', async () => {
    const violations = summary.browser_console.filter((m) => /Content Security Policy/i.test(m));
    check(violations.length === 0, `the browser reported CSP violations: ${violations.join(' | ')}`);
  });

  summary.failed_step = null;
  finish(0);
}

function pick(o, keys) {
  const r = {};
  for (const k of keys) {
    if (o[k] !== undefined) {
      r[k] = o[k];
    }
  }
  return r;
}

try {
  await main();
} catch (e) {
  summary.failed_step = currentStep;
  const detail = e instanceof Failure ? e.message
    : `${e.name}: ${e.message}${e.code ? ` [${e.code}]` : ''}${e.error ? ` (${e.error}: ${e.error_description ?? ''})` : ''}`
      + `${e.cause instanceof Error ? ` (cause: ${e.cause.message})` : e.cause ? ` cause ${JSON.stringify(e.cause).slice(0, 500)}` : ''}`;
  summary.error = detail;
  log(`FAILED${currentStep ? ` in step "${currentStep}"` : ''}: ${detail}`);
  if (!(e instanceof Failure)) {
    log(e.stack);
  }
  if (page) {
    try {
      await page.screenshot({ path: path.join(ARTIFACTS, `${LABEL}-failure.png`), fullPage: true });
      fs.writeFileSync(path.join(ARTIFACTS, `${LABEL}-failure.html`), `<!-- ${page.url()} -->\n${await page.content()}`);
      summary.screenshots.push(path.relative(process.cwd(), path.join(ARTIFACTS, `${LABEL}-failure.png`)));
    } catch { /* the page may be gone */ }
  }
  finish(1);
} finally {
  clearTimeout(watchdog);
  try {
    await browser?.close();
  } catch { /* best effort */ }
  callbackServer.closeAllConnections?.();
  await new Promise((r) => callbackServer.close(r));
}
