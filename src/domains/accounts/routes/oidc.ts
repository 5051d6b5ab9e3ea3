import type { FastifyInstance, FastifyReply } from 'fastify'
import {
  beginOidcSignIn,
  completeOidcSignIn,
  type OidcChecks,
  OidcError,
  type OidcSettings,
} from '../../../platform/auth/oidc.js'
import { NotFoundError } from '../../../platform/errors.js'
import { safeLocalPath } from '../../../platform/http/local-path.js'
import { open, seal } from '../sealed.js'
import { secondFactorAfterLogin } from '../service/index.js'
import { logInWithOidc, recordSsoFailure, SsoRefusedError } from '../service/single-sign-on.js'
import { sessionCookieName } from '../sessions.js'
import { SsoFailedPage } from '../views/sso.js'
import { afterLoginPath, loginLimit, setSessionCookie } from './login.js'

/** The cookie that carries a sign-in's state, nonce and PKCE verifier from its start to the provider's answer. */
const SIGN_IN_COOKIE = 'bs_oidc'
const SIGN_IN_MINUTES = 10
const CONTEXT = 'oidc-sign-in/v1'

type SignIn = OidcChecks & { next: string; until: number }

function readSignIn(secret: string, value: string | undefined, now: number): SignIn | undefined {
  if (!value || value.length > 2000) return undefined
  const raw = open(secret, 'oidc-sign-in', value, CONTEXT)
  if (!raw) return undefined
  try {
    const parsed = JSON.parse(raw.toString('utf8')) as SignIn
    return parsed.until > now ? parsed : undefined
  } catch {
    return undefined
  }
}

/**
 * Single sign-on with the party's OpenID provider (authorization code flow with PKCE, `state` and `nonce`).
 * Without `OIDC_*` settings these routes answer 404 and the login page shows no button.
 */
export async function oidcRoutes(app: FastifyInstance) {
  const cookieName = sessionCookieName(app.config)
  const settings = (): OidcSettings => {
    const oidc = app.config.auth.oidc
    if (!oidc) throw new NotFoundError()
    return oidc
  }
  const failed = (reply: FastifyReply, reason: string, status: number) =>
    reply.page(SsoFailedPage({ ctx: reply.ctx(), provider: settings().name, reason }), status)

  app.get('/login/oidc', { config: { access: 'public', rateLimit: loginLimit } }, async (req, reply) => {
    const oidc = settings()
    const next = safeLocalPath((req.query as { next?: unknown }).next)
    let started: Awaited<ReturnType<typeof beginOidcSignIn>>
    try {
      started = await beginOidcSignIn(oidc)
    } catch (err) {
      if (!(err instanceof OidcError)) throw err
      req.log.warn({ reason: err.reason }, 'single sign-on: provider not reachable')
      return failed(reply, 'unreachable', 503)
    }
    const signIn: SignIn = { ...started.checks, next, until: Date.now() + SIGN_IN_MINUTES * 60_000 }
    reply.setCookie(
      SIGN_IN_COOKIE,
      seal(app.deps.secret, 'oidc-sign-in', Buffer.from(JSON.stringify(signIn)), CONTEXT),
      { maxAge: SIGN_IN_MINUTES * 60 },
    )
    reply.header('cache-control', 'no-store')
    return reply.redirect(started.url.href, 303)
  })

  app.get(
    '/login/oidc/callback',
    { config: { access: 'public', rateLimit: loginLimit } },
    async (req, reply) => {
      const oidc = settings()
      const signIn = readSignIn(app.deps.secret, req.cookies[SIGN_IN_COOKIE], Date.now())
      reply.clearCookie(SIGN_IN_COOKIE)
      reply.header('cache-control', 'no-store')
      const meta = { userAgent: req.headers['user-agent'], requestId: req.requestId, locale: req.locale }
      if (!signIn) {
        await recordSsoFailure(app.deps, oidc.issuer, 'no_sign_in', meta)
        return failed(reply, 'expired', 400)
      }
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''
      try {
        const identity = await completeOidcSignIn(oidc, query, signIn)
        const { token, userId, secondFactor } = await logInWithOidc(app.deps, identity, meta)
        setSessionCookie(reply, cookieName, token)
        req.flash('success', 'accounts.flash.loggedIn')
        const step = secondFactor ? undefined : await secondFactorAfterLogin(app.deps, app.config, userId)
        return reply.redirect(afterLoginPath(step, signIn.next), 303)
      } catch (err) {
        if (err instanceof SsoRefusedError) return failed(reply, err.reason, 403)
        if (!(err instanceof OidcError)) throw err
        req.log.warn(
          { reason: err.reason, code: (err.cause as { code?: string } | undefined)?.code },
          'single sign-on failed',
        )
        await recordSsoFailure(app.deps, oidc.issuer, err.reason, meta)
        return failed(reply, err.reason, err.reason === 'unreachable' ? 503 : 400)
      }
    },
  )
}
