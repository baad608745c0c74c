import type Provider from 'oidc-provider';
import type { InteractionDetails, KoaContext, Middleware } from 'oidc-provider';
import { DuplicateEmailError, type UserStore } from './accounts.js';
import { readForm } from './body.js';
import { grantScopes } from './fiefScopes.js';
import { renderExpiredLoginPage, renderLoginPage, renderRegisterPage } from './loginPage.js';
import { OAuthError } from './oauthError.js';

export interface InteractionDeps {
  provider: Provider;
  users: UserStore;
  /** The resource indicator every grant covers (see provider.ts). */
  resource: string;
  /** Where a user who opens an expired login page can go back to: the apps' origins. */
  appOrigins: readonly string[];
  logger: (line: string) => void;
}

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|register))?$/;

const stringParam = (params: Record<string, unknown>, name: string): string | undefined => {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * The login and register screens oidc-provider sends the browser to (`/interaction/:uid`). A credential login
 * finishes with ACR "1". Consent is automatic: the dev server's clients are first-party, like Fief's.
 */
export function interactionRoutes(deps: InteractionDeps): Middleware {
  const { provider, users } = deps;

  async function details(ctx: KoaContext, uid: string): Promise<InteractionDetails> {
    const interaction = await provider.interactionDetails(ctx.req, ctx.res);
    if (interaction.uid !== uid) {
      throw new OAuthError(400, 'invalid_request', 'this login page has expired; start the login again');
    }
    return interaction;
  }

  /** Grants the first-party client the OIDC scopes and the API resource, without a consent screen. */
  async function grantFor(interaction: InteractionDetails, accountId: string): Promise<string> {
    const clientId = String(interaction.params.client_id);
    const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
    const grant =
      existing && existing.accountId === accountId ? existing : new provider.Grant({ accountId, clientId });
    grantScopes(grant, deps.resource, interaction.params.scope);
    return grant.save();
  }

  async function finish(ctx: KoaContext, interaction: InteractionDetails, accountId: string, fresh: boolean) {
    const grantId = await grantFor(interaction, accountId);
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, {
      ...(fresh ? { login: { accountId, acr: '1', remember: true } } : {}),
      consent: { grantId },
    });
    ctx.status = 303;
    ctx.redirect(returnTo);
  }

  function render(
    ctx: KoaContext,
    interaction: InteractionDetails,
    screen: 'login' | 'register',
    extra: { email?: string; error?: string; status?: number } = {},
  ) {
    const base = `/interaction/${interaction.uid}`;
    const params = interaction.params;
    const options = {
      action: `${base}/${screen}`,
      switchURL: `${base}/${screen === 'login' ? 'register' : 'login'}`,
      email: extra.email ?? stringParam(params, 'login_hint'),
      clientId: String(params.client_id),
      ...(extra.error ? { error: extra.error } : {}),
      ...(stringParam(params, 'lang') ? { lang: stringParam(params, 'lang') } : {}),
    };
    ctx.status = extra.status ?? 200;
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = screen === 'login' ? renderLoginPage(options) : renderRegisterPage(options);
  }

  async function show(ctx: KoaContext, uid: string, screen: 'login' | 'register' | undefined) {
    const interaction = await details(ctx, uid).catch((error: unknown) => {
      if (error instanceof OAuthError || (error as { name?: unknown }).name === 'SessionNotFound')
        return null;
      throw error;
    });
    if (interaction === null) {
      // Back to a login page whose login finished or expired: a page for people, not OAuth JSON.
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = renderExpiredLoginPage(deps.appOrigins);
      return;
    }
    const accountId = interaction.session?.accountId;
    if (interaction.prompt.name !== 'login' && accountId) {
      // Only consent is missing: grant it and go on with the session as it is.
      return finish(ctx, interaction, accountId, false);
    }
    const wanted = screen ?? (interaction.params.screen === 'register' ? 'register' : 'login');
    render(ctx, interaction, wanted);
  }

  async function submit(ctx: KoaContext, uid: string, screen: 'login' | 'register') {
    const interaction = await details(ctx, uid);
    const form = await readForm(ctx.req);
    const email = (form.get('email') ?? '').trim();
    const password = form.get('password') ?? '';
    if (!email || !password) {
      return render(ctx, interaction, screen, {
        email,
        error: 'Email and password are required.',
        status: 400,
      });
    }
    if (screen === 'register') {
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
        return render(ctx, interaction, screen, {
          email,
          error: 'This email address is invalid.',
          status: 400,
        });
      }
      try {
        const user = users.add({ email, password, emailVerified: false });
        deps.logger(`[fief-dev-server] registered user ${user.email}`);
        return finish(ctx, interaction, user.id, true);
      } catch (error) {
        if (!(error instanceof DuplicateEmailError)) throw error;
        return render(ctx, interaction, screen, {
          email,
          error: 'A user with this email already exists.',
          status: 400,
        });
      }
    }
    const user = users.authenticate(email, password);
    if (!user) {
      return render(ctx, interaction, screen, { email, error: 'Invalid email or password.', status: 400 });
    }
    return finish(ctx, interaction, user.id, true);
  }

  return async (ctx, next) => {
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const uid = match[1]!;
    const screen = match[2] as 'login' | 'register' | undefined;
    if (ctx.method === 'GET') return show(ctx, uid, screen);
    if (ctx.method === 'POST' && screen) return submit(ctx, uid, screen);
    throw new OAuthError(405, 'invalid_request', `${ctx.method} is not allowed on ${ctx.path}`);
  };
}
