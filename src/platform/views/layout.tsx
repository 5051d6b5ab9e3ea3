import type { ComponentChildren } from 'preact'
import { holdsAnywhere, ownUnitId } from '../auth/actor.js'
import type { ViewContext } from './context.js'
import { KeptRenderings } from './kept.js'
import { TrustedHtml } from './trusted-html.js'

export function Layout(props: {
  ctx: ViewContext
  title: string
  /** What search engines and link previews show; without one, the page's title and the platform's tagline. */
  description?: string
  children: ComponentChildren
  wide?: boolean
}) {
  const { ctx } = props
  const { t } = ctx
  const description = props.description ?? `${props.title} · ${t('common.appName')}: ${t('common.tagline')}`
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={description} />
        <title>{`${props.title} · ${t('common.appName')}`}</title>
        <link rel="stylesheet" href={ctx.assetUrl('app.css')} />
        <link rel="icon" href={ctx.assetUrl('favicon.svg')} type="image/svg+xml" />
        <script src={ctx.assetUrl('app.js')} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('common.skipToContent')}
        </a>
        <SiteHeader ctx={ctx} />
        <main id="main" class={props.wide ? 'wide' : undefined} tabindex={-1}>
          <SecondFactorNotice ctx={ctx} />
          {ctx.flash && (
            <p class={`flash flash--${ctx.flash.kind}`} role="status">
              {t(ctx.flash.key)}
            </p>
          )}
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{t('common.footer.privacy')}</p>
        </footer>
      </body>
    </html>
  )
}

// The site's header is the same markup for everyone with the same language, address, own KV and roles but
// for the logout form's CSRF token: it is kept per translator (language and gender mark) and those, with a
// hole for the token. Addresses longer than any of the platform's are rendered each time.
const keptHeaders = new WeakMap<ViewContext['t'], KeptRenderings>()

function SiteHeader({ ctx }: { ctx: ViewContext }) {
  const myUnit = ownUnitId(ctx.actor)
  const csrf = ctx.actor ? ctx.csrfToken() : ''
  if (ctx.path.length > 200)
    return (
      <header class="site-header">
        <SiteHeaderContent ctx={ctx} myUnit={myUnit} csrf={csrf} />
      </header>
    )
  const roles = (['board', 'state_office', 'federal_office'] as const).map((r) => holdsAnywhere(ctx.actor, r))
  const key = [
    ctx.locale,
    ctx.path,
    myUnit ?? '',
    ctx.actor ? 1 : 0,
    ...roles.map((held) => (held ? 1 : 0)),
    ctx.nav.admin ? 1 : 0,
    ctx.nav.outbox ? 1 : 0,
  ].join('\u0000')
  let kept = keptHeaders.get(ctx.t)
  if (!kept) {
    kept = new KeptRenderings(1000)
    keptHeaders.set(ctx.t, kept)
  }
  const html = kept.renderWithHole(
    key,
    (hole) => <SiteHeaderContent ctx={ctx} myUnit={myUnit} csrf={hole} />,
    csrf,
  )
  return <TrustedHtml tag="header" class="site-header" html={html} />
}

function SiteHeaderContent({ ctx, myUnit, csrf }: { ctx: ViewContext; myUnit: string | null; csrf: string }) {
  const { t } = ctx
  const other = ctx.locale === 'de' ? 'en' : 'de'
  return (
    <>
      <a class="brand" href="/">
        {t('common.appName')}
      </a>
      <nav aria-label={t('common.nav.label')}>
        <ul>
          <li>
            <a href="/" aria-current={ctx.path === '/' ? 'page' : undefined}>
              {t('common.nav.home')}
            </a>
          </li>
          <NavLink ctx={ctx} href="/map" label={t('common.nav.map')} />
          <NavLink ctx={ctx} href="/directory" label={t('common.nav.directory')} />
          <NavLink ctx={ctx} href="/termine" label={t('common.nav.calendar')} />
          {myUnit && (
            <>
              <NavLink ctx={ctx} href={`/units/${myUnit}`} label={t('common.nav.myUnit')} />
              <NavLink ctx={ctx} href={`/units/${myUnit}/events`} label={t('common.nav.events')} />
            </>
          )}
          {ctx.actor && (
            <>
              <NavLink ctx={ctx} href="/partnerships" label={t('common.nav.partnerships')} />
              <NavLink ctx={ctx} href="/help" label={t('common.nav.help')} />
              <NavLink ctx={ctx} href="/volunteers/profile" label={t('common.nav.volunteers')} />
              <NavLink ctx={ctx} href="/playbook" label={t('playbook.nav')} />
            </>
          )}
          {holdsAnywhere(ctx.actor, 'board') && (
            <NavLink ctx={ctx} href="/onboarding" label={t('onboarding.nav.queue')} />
          )}
          {holdsAnywhere(ctx.actor, 'state_office') && (
            <NavLink ctx={ctx} href="/onboarding/dashboard" label={t('onboarding.nav.dashboard')} />
          )}
          {holdsAnywhere(ctx.actor, 'federal_office') && (
            <NavLink ctx={ctx} href="/matchmaking" label={t('matchmaking.nav.overview')} />
          )}
          {ctx.nav.admin && (
            <li>
              <a href="/admin">{t('common.nav.admin')}</a>
            </li>
          )}
          {ctx.nav.outbox && (
            <li>
              <a href="/dev/outbox">{t('common.nav.outbox')}</a>
            </li>
          )}
          {ctx.actor ? (
            <>
              <li>
                <a href="/account">{t('common.nav.account')}</a>
              </li>
              <li>
                <form method="post" action="/logout" class="inline-form">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <button type="submit" class="link-button">
                    {t('common.nav.logout')}
                  </button>
                </form>
              </li>
            </>
          ) : (
            <>
              <li>
                <a href="/login">{t('common.nav.login')}</a>
              </li>
              <li>
                <a href="/register">{t('common.nav.register')}</a>
              </li>
            </>
          )}
          <li>
            <a href={`/lang/${other}?back=${encodeURIComponent(ctx.path)}`} lang={other} hreflang={other}>
              {t(`common.language.${other}`)}
            </a>
          </li>
        </ul>
      </nav>
    </>
  )
}

/** While a session holds back the roles above member, every page says so and links to the way out. */
function SecondFactorNotice({ ctx }: { ctx: ViewContext }) {
  const step = ctx.actor?.secondFactor?.step
  if (!step) return null
  const { t } = ctx
  const next = encodeURIComponent(ctx.path)
  return (
    <p class="flash flash--info" role="status">
      {step === 'enrol' ? t('common.secondFactor.enrol') : t('common.secondFactor.confirm')}{' '}
      {step === 'enrol' ? (
        <a href="/account/two-factor">{t('common.secondFactor.enrolLink')}</a>
      ) : (
        <a href={`/login/two-factor?next=${next}`}>{t('common.secondFactor.confirmLink')}</a>
      )}
    </p>
  )
}

function NavLink({ ctx, href, label }: { ctx: ViewContext; href: string; label: string }) {
  return (
    <li>
      <a href={href} aria-current={ctx.path === href ? 'page' : undefined}>
        {label}
      </a>
    </li>
  )
}

export function ErrorPage({ ctx, status, message }: { ctx: ViewContext; status: number; message: string }) {
  return (
    <Layout ctx={ctx} title={`${ctx.t('common.errors.title')} ${status}`}>
      <h1>{`${ctx.t('common.errors.title')} ${status}`}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{ctx.t('common.errors.backHome')}</a>
      </p>
    </Layout>
  )
}

/** The bare page an iframe shows on another site: no cookies, no site navigation, links open on the platform. */
export function EmbedLayout(props: {
  ctx: ViewContext
  title: string
  children: ComponentChildren
  script?: string
}) {
  const { ctx } = props
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${ctx.t('common.appName')}`}</title>
        <link rel="stylesheet" href={ctx.assetUrl('app.css')} />
        {props.script && <script src={ctx.assetUrl(props.script)} defer />}
      </head>
      <body class="pm-embed">
        <main id="main">{props.children}</main>
      </body>
    </html>
  )
}
