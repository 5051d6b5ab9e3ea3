// A local OpenID provider for trying single sign-on (`npm run oidc:dev`), never for production: it keeps
// everything in memory and lets anyone log in as any e-mail address. Start the platform with the settings it
// prints. Its login page asks only for an address (the password field is ignored); the address is reported as
// verified, so the demo accounts (member@demo.example.org, …) are linked at the first sign-in.
import Provider from 'oidc-provider'

const port = Number(process.env.OIDC_DEV_PORT ?? 3900)
const platform = process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`
const issuer = `http://localhost:${port}`
const clientId = 'brueckenschlag-dev'
const clientSecret = 'dev-secret-not-for-production'

/** The login name typed at the provider: an e-mail address, or a short name of a demo account ("member"). */
const emailOf = (login) =>
  login.includes('@') ? login.toLowerCase() : `${login.toLowerCase()}@demo.example.org`

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [`${platform}/login/oidc/callback`],
      post_logout_redirect_uris: [`${platform}/`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The development login form of oidc-provider: any login name, any password.
  features: { devInteractions: { enabled: true } },
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    Grant: 3600,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
  },
  cookies: { keys: ['oidc-dev-cookie-key'] },
  // The development form makes the login name typed the account's id, and so its subject.
  findAccount: async (_ctx, id) => {
    const email = emailOf(id)
    return {
      accountId: id,
      claims: async () => ({ sub: id, email, email_verified: true, name: email.split('@')[0] }),
    }
  },
  async loadExistingGrant(ctx) {
    const accountId = ctx.oidc.session?.accountId
    const client = ctx.oidc.client?.clientId
    if (!accountId || !client) return undefined
    const grant = new ctx.oidc.provider.Grant({ clientId: client, accountId })
    grant.addOIDCScope('openid email profile')
    await grant.save()
    return grant
  },
})

provider.on('server_error', (_ctx, err) => console.error(err))

provider.listen(port, () => {
  console.log(
    `OpenID provider for development at ${issuer} (log in with any e-mail address, e.g. member@demo.example.org)`,
  )
  console.log('Start the platform with:')
  console.log(
    `  OIDC_ISSUER=${issuer} OIDC_CLIENT_ID=${clientId} OIDC_CLIENT_SECRET=${clientSecret} npm start`,
  )
})
