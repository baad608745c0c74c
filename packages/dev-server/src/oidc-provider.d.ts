/**
 * The part of oidc-provider 9 (which ships no types) that this package uses. Kept minimal on purpose:
 * everything here is checked against `node_modules/oidc-provider/lib`.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface CookieOptions {
    path?: string;
    httpOnly?: boolean;
    sameSite?: 'lax' | 'strict' | 'none';
    signed?: boolean;
    expires?: Date;
  }

  /** The Koa context, as far as our middleware reads it. */
  export interface KoaContext {
    req: IncomingMessage;
    res: ServerResponse;
    method: string;
    path: string;
    href: string;
    query: Record<string, string | string[] | undefined>;
    status: number;
    body: unknown;
    type: string;
    get(field: string): string;
    set(field: string, value: string | string[]): void;
    remove(field: string): void;
    vary(field: string): void;
    redirect(url: string): void;
    response: { get(field: string): string };
    cookies: {
      get(name: string, options?: CookieOptions): string | undefined;
      set(name: string, value: string | null, options?: CookieOptions): void;
    };
    oidc?: OIDCContext;
  }

  export type Next = () => Promise<void>;
  export type Middleware = (ctx: KoaContext, next: Next) => Promise<void>;

  export interface ClientInstance {
    clientId: string;
    clientAuthMethod: string;
    redirectUris: string[];
    grantTypeAllowed(type: string): boolean;
  }

  export interface TokenSource {
    acr?: string;
    scope?: string;
    authTime?: number;
    accountId?: string;
  }

  export interface OIDCContext {
    params?: Record<string, unknown>;
    body?: Record<string, unknown>;
    client?: ClientInstance;
    route?: string;
    session?: { acr?: string; accountId?: string; grantIdFor?(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    provider: Provider;
    entities: {
      AccessToken?: AccessTokenInstance;
      AuthorizationCode?: TokenSource;
      RefreshToken?: TokenSource;
    };
  }

  export interface AccessTokenInstance {
    accountId?: string;
    clientId?: string;
    save(): Promise<string>;
  }

  export interface IdTokenInstance {
    ctx?: KoaContext;
    client: ClientInstance;
    set(claim: string, value: unknown): void;
    issue(options?: { use?: string; expiresAt?: number | null }): Promise<string>;
  }

  export interface GrantInstance {
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface SessionInstance {
    accountId?: string;
    destroy(): Promise<void>;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string; uid?: string };
    grantId?: string;
    lastSubmission?: Record<string, unknown>;
  }

  export interface InteractionResults {
    login?: { accountId: string; acr?: string; remember?: boolean };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
  }

  export interface JWTStructured {
    header: Record<string, unknown> | undefined;
    payload: Record<string, unknown>;
  }

  export class Check {
    constructor(
      reason: string,
      description: string,
      check: (ctx: KoaContext & { oidc: OIDCContext & { acr?: string } }) => boolean | Promise<boolean>,
    );
    static REQUEST_PROMPT: true;
    static NO_NEED_TO_PROMPT: false;
  }

  export interface Prompt {
    name: string;
    checks: Check[];
  }

  export interface PromptList extends Array<Prompt> {
    get(name: string): Prompt | undefined;
  }

  export const interactionPolicy: {
    Check: typeof Check;
    base(): PromptList;
  };

  export default class Provider {
    constructor(issuer: string, configuration: object);
    readonly issuer: string;
    proxy: boolean;
    silent: boolean;
    use(middleware: Middleware): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: never[]) => void): this;
    cookieName(type: 'session' | 'interaction' | 'resume'): string;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    readonly IdToken: { prototype: IdTokenInstance };
    readonly AccessToken: { prototype: AccessTokenInstance };
    readonly Grant: {
      new (init: { accountId: string; clientId: string }): GrantInstance;
      find(id: string): Promise<GrantInstance | undefined>;
    };
    readonly Session: { get(ctx: KoaContext): Promise<SessionInstance> };
    readonly RefreshToken: { find(value: string): Promise<{ destroy(): Promise<void> } | undefined> };
  }
}
