import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** A person the test provider knows: the claims it hands out for them. */
export type OidcAccount = {
  sub: string
  email?: string
  email_verified?: boolean
  name?: string
  /** How the person logged in at the provider (the ID token's `amr`). */
  amr?: string[]
  /** Group memberships, at the userinfo endpoint under the scope `profile` (as a Keycloak mapper gives them). */
  groups?: unknown
}

export type TestOidcProvider = {
  issuer: string
  clientId: string
  clientSecret: string
  /** Who logs in at the provider's next interaction (the test plays the person at the provider's login page). */
  loginAs: (account: OidcAccount) => void
  /**
   * Changes the next ID token on its way from the token endpoint, after the provider signed it, as an attacker
   * in the middle would: its claims are rewritten, its signature stays the provider's.
   */
  tamperNextIdToken: (change: (claims: Record<string, unknown>) => void) => void
  close: () => Promise<void>
}

/**
 * A real OpenID provider (`oidc-provider`) on a random local port, with one confidential client for the
 * platform. Its login page is played by the test: the next interaction logs in the account given to
 * `loginAs`, and consent to the platform's scopes is given at once, as a party's own provider does.
 */
export async function startOidcProvider(
  redirectUri: string,
  opts: {
    /** false: the provider offers no RP-initiated logout (no `end_session_endpoint` in its discovery document). */
    rpInitiatedLogout?: boolean
  } = {},
): Promise<TestOidcProvider> {
  const clientId = 'brueckenschlag'
  const clientSecret = `secret-${crypto.randomUUID()}`
  const accounts = new Map<string, OidcAccount>()
  let next: OidcAccount | undefined
  let tamper: ((claims: Record<string, unknown>) => void) | undefined
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [new URL('/', redirectUri).href],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    claims: {
      openid: ['sub', 'acr', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: opts.rpInitiatedLogout ?? true,
        // The provider's question "sign out here too?", with the form the test answers as the person would.
        logoutSource: async (ctx, form) => {
          ctx.body = `<!DOCTYPE html><html><body>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Abmelden</button></body></html>`
        },
      },
    },
    cookies: { keys: [`cookie-key-${crypto.randomUUID()}`] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, id) => {
      const account = accounts.get(id)
      if (!account) return undefined
      const { amr: _, ...claims } = account
      return { accountId: id, claims: async () => claims }
    },
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId
      const clientId = ctx.oidc.client?.clientId
      if (!accountId || !clientId) return undefined
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId })
      grant.addOIDCScope('openid email profile')
      await grant.save()
      return grant
    },
  })
  const callback = provider.callback()
  server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      try {
        await provider.interactionDetails(req, res)
        const account = next
        if (!account) {
          res.statusCode = 400
          res.end('no account to log in')
          return
        }
        accounts.set(account.sub, account)
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: account.sub, ...(account.amr ? { amr: account.amr } : {}) } },
          { mergeWithLastSubmission: false },
        )
      } catch (err) {
        res.statusCode = 500
        res.end(String(err))
      }
      return
    }
    if (tamper && req.method === 'POST' && req.url?.startsWith('/token')) {
      const change = tamper
      tamper = undefined
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse
      res.end = ((chunk?: unknown) => {
        const body = JSON.parse(String(chunk)) as { id_token: string }
        const [head, payload, signature] = body.id_token.split('.')
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >
        change(claims)
        body.id_token = [head, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.')
        const text = JSON.stringify(body)
        res.setHeader('content-length', Buffer.byteLength(text))
        return end(text)
      }) as typeof res.end
    }
    callback(req, res)
  })
  return {
    issuer,
    clientId,
    clientSecret,
    loginAs: (account) => {
      next = account
    },
    tamperNextIdToken: (change) => {
      tamper = change
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
