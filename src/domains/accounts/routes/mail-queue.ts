import type { FastifyInstance } from 'fastify'
import { NotFoundError } from '../../../platform/errors.js'
import { actorOf } from '../../../platform/http/routes.js'
import { JobParams, MailParams } from '../input.js'
import { resumeTimedJob, retryQueuedMail, viewMailQueue } from '../service/index.js'
import { MailQueuePage } from '../views/mail-queue.js'

/** The instance admin's view of the mail queue and the timed jobs, "retry now" for a mail and "resume" for a job. */
export async function mailQueueRoutes(app: FastifyInstance) {
  app.get('/admin/mail', { config: { access: 'admin' } }, async (req, reply) => {
    const queue = await viewMailQueue(app.deps, actorOf(req))
    return reply.page(MailQueuePage({ ctx: reply.ctx(), queue, maxFailures: app.config.jobs.maxFailures }))
  })

  app.post('/admin/mail/:id/retry', { config: { access: 'admin' } }, async (req, reply) => {
    const params = MailParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    await retryQueuedMail(app.deps, actorOf(req), params.data.id, { requestId: req.requestId })
    req.flash('success', 'accounts.flash.mailRetried')
    return reply.redirect('/admin/mail', 303)
  })

  app.post('/admin/jobs/:name/resume', { config: { access: 'admin' } }, async (req, reply) => {
    const params = JobParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    await resumeTimedJob(app.deps, actorOf(req), params.data.name, { requestId: req.requestId })
    req.flash('success', 'accounts.flash.jobResumed')
    return reply.redirect('/admin/mail', 303)
  })
}
