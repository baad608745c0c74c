/** The HTML pages of the dev server: login and register forms, and the signed-out page. Plain, no scripts. */

const escapeHTML = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export interface FormPageOptions {
  /** Where the form posts (`/interaction/:uid/login` or `/interaction/:uid/register`). */
  action: string;
  /** The page that offers the other form. */
  switchURL: string;
  email?: string;
  error?: string;
  clientId: string;
  lang?: string;
}

function layout(title: string, body: string, lang = 'en'): string {
  return `<!DOCTYPE html>
<html lang="${escapeHTML(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHTML(title)} · Fief dev server</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f4f5;display:flex;justify-content:center;padding-top:10vh;margin:0}
main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 3px #0002;width:20rem}
h1{font-size:1.4rem;margin-top:0}label{display:block;margin:.8rem 0 .3rem}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
button{margin-top:1.2rem;width:100%;padding:.6rem;font:inherit;background:#4f46e5;color:#fff;border:0;border-radius:4px}
.error{color:#b91c1c}.muted{color:#71717a;font-size:.85rem}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function form(kind: 'login' | 'register', options: FormPageOptions): string {
  const title = kind === 'login' ? 'Sign in' : 'Create an account';
  const error = options.error ? `<p class="error" role="alert">${escapeHTML(options.error)}</p>` : '';
  const other =
    kind === 'login'
      ? `<p class="muted">No account? <a href="${escapeHTML(options.switchURL)}">Register</a></p>`
      : `<p class="muted">Already registered? <a href="${escapeHTML(options.switchURL)}">Sign in</a></p>`;
  const body = `<h1>${title}</h1>
<p class="muted">to continue to <strong>${escapeHTML(options.clientId)}</strong></p>
${error}
<form method="post" action="${escapeHTML(options.action)}" data-fief-form="${kind}">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHTML(options.email ?? '')}"${options.email ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="${kind === 'login' ? 'current-password' : 'new-password'}" required${options.email ? ' autofocus' : ''}>
<button type="submit">${title}</button>
</form>
${other}`;
  return layout(title, body, options.lang);
}

export const renderLoginPage = (options: FormPageOptions): string => form('login', options);
export const renderRegisterPage = (options: FormPageOptions): string => form('register', options);

export const renderSignedOutPage = (): string =>
  layout('Signed out', '<h1>Signed out</h1><p>You are signed out of the Fief dev server.</p>');

/**
 * The page of a login page opened again after its login finished or expired (the browser's Back button): what
 * happened, and a link back to each app (the origins of the registered redirect URIs).
 */
export const renderExpiredLoginPage = (appOrigins: readonly string[]): string =>
  layout(
    'Sign-in page expired',
    `<h1>This sign-in page has expired</h1><p>The sign-in it belonged to has finished or timed out.</p>${appOrigins
      .map((origin) => `<p><a href="${escapeHTML(`${origin}/`)}">Back to ${escapeHTML(origin)}</a></p>`)
      .join('')}`,
  );
