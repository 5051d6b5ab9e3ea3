// Pages: `reply.ctx()` is what every view is rendered with (translator, locale, actor, path, the flash
// message shown once, navigation, asset URLs, a CSRF token made on first use), built once per answer;
// `reply.page(vnode, status)` renders a page as HTML.
// Relies on: cookies (the flash cookie), the actor, the locale (read when a view asks, not before).
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import type { VNode } from 'preact'
import type { Config } from '../../../config.js'
import { holdsAnywhere } from '../../auth/actor.js'
import type { Flash, ViewContext } from '../../views/context.js'
import { renderPage } from '../../views/render.js'
import { platformCookies } from '../cookies.js'
import { issueCsrfToken } from './csrf.js'

declare module 'fastify' {
  interface FastifyReply {
    ctx: () => ViewContext
    page: (vnode: VNode, status?: number) => FastifyReply
  }
}

export type ViewsOptions = {
  config: Config
  secret: string
  /** The URL of a file in public/, with its content hash (plugins/assets.ts). */
  assetUrl: (file: string) => string
}

const FLASH_COOKIE = platformCookies.flash

async function views(app: FastifyInstance, opts: ViewsOptions) {
  const { config, secret, assetUrl } = opts
  const contexts = new WeakMap<FastifyReply, ViewContext>()
  app.decorateReply('ctx', function (this: FastifyReply): ViewContext {
    const existing = contexts.get(this)
    if (existing) return existing
    const req = this.request
    let csrf: string | undefined
    const flashRaw = req.cookies[FLASH_COOKIE]
    let flash: Flash | undefined
    if (flashRaw) {
      const [kind, key] = flashRaw.split(':') as [Flash['kind'], Flash['key']]
      if (['success', 'error', 'info'].includes(kind) && key) flash = { kind, key }
      this.clearCookie(FLASH_COOKIE)
    }
    const ctx: ViewContext = {
      t: req.t,
      locale: req.locale,
      actor: req.actor,
      path: req.url.split('?')[0] ?? '/',
      flash,
      levelNames: config.levelNames,
      nav: { admin: holdsAnywhere(req.actor, 'admin'), outbox: config.mail.outboxPage },
      assetUrl,
      csrfToken: () => {
        if (!csrf) csrf = issueCsrfToken(secret, req, this)
        return csrf
      },
    }
    contexts.set(this, ctx)
    return ctx
  })
  app.decorateReply('page', function (this: FastifyReply, vnode: VNode, status?: number) {
    if (status) this.code(status)
    return this.type('text/html; charset=utf-8').send(renderPage(vnode))
  })
}

export const viewsPlugin = fp(views, { name: 'http-views' })
