import { randomUUID } from 'node:crypto'
import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError, opens } from '../../../platform/errors.js'
import {
  formatDate,
  isLocale,
  type Locale,
  type Translate,
  translator,
} from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { listRoleHolders } from '../../org-units/index.js'
import type { Clause } from '../clauses.js'
import { compareVersions } from '../diff.js'
import type { ClauseInput, RatifyInput } from '../input.js'
import { abilities, authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import { agreementState, canRatifyVersion, type Side } from '../state.js'
import { commitmentsOf } from './commitments.js'
import {
  actorName,
  getVisibleAgreement,
  type LoadedAgreement,
  paramsOf,
  sideUnit,
  subjectOf,
} from './shared.js'

/**
 * What /partnerships/:id/agreement leads to: the agreement when there is one the actor may see,
 * the templates to start from when the actor is a board of either side, otherwise nothing (404).
 */
export async function openPartnershipAgreement(
  deps: AppDeps,
  actor: Actor | undefined,
  partnershipId: string,
) {
  const db = deps.database.db
  const row = await repo.findPartnershipWithUnits(db, partnershipId)
  if (!row) throw new NotFoundError()
  const existing = await repo.findAgreementOfPartnership(db, partnershipId)
  if (existing) {
    await getVisibleAgreement(db, actor, existing.id)
    return { kind: 'existing' as const, agreementId: existing.id }
  }
  if (!can(actor, 'agreement.edit', { agreement: subjectOf(row, undefined) })) throw new NotFoundError()
  return { kind: 'start' as const, partnership: row, templates: await repo.listTemplates(db) }
}

/**
 * Where the partnership page may lead this actor: to the agreement when there is one the actor may see, to
 * starting one when the actor is a board of either side, otherwise nowhere (no link that ends in a 404).
 */
export async function findPartnershipAgreementLink(
  deps: AppDeps,
  actor: Actor | undefined,
  partnershipId: string,
): Promise<{ kind: 'existing'; agreementId: string } | { kind: 'start' } | null> {
  const db = deps.database.db
  const existing = await repo.findAgreementOfPartnership(db, partnershipId)
  if (existing) {
    try {
      await getVisibleAgreement(db, actor, existing.id)
      return { kind: 'existing', agreementId: existing.id }
    } catch (err) {
      if (err instanceof NotFoundError) return null
      throw err
    }
  }
  if (!actor) return null
  const row = await repo.findPartnershipWithUnits(db, partnershipId)
  if (!row || !can(actor, 'agreement.edit', { agreement: subjectOf(row, undefined) })) return null
  return { kind: 'start' }
}

/**
 * A board of either side starts the partnership's agreement from a template: version 1 is a copy
 * of the template's clauses. A partnership has one agreement (agreements_partnership_uq).
 */
export async function startAgreement(deps: AppDeps, actor: Actor, partnershipId: string, templateId: string) {
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.findPartnershipWithUnits(tx, partnershipId)
    if (!row) throw new NotFoundError()
    if (!can(actor, 'agreement.edit', { agreement: subjectOf(row, undefined) })) throw new NotFoundError()
    if (await repo.findAgreementOfPartnership(tx, partnershipId))
      throw new ConflictError('agreements.errors.exists')
    const template = await repo.findTemplate(tx, templateId)
    if (!template) throw new FieldError('templateId', 'agreements.errors.template')
    const clauses: Clause[] = (await repo.listTemplateClauses(tx, templateId)).map((c) => ({
      key: randomUUID(),
      type: c.type,
      title: c.title,
      body: c.body,
      params: c.params,
    }))
    const now = deps.now()
    const agreement = await repo.insertAgreement(tx, {
      partnershipId,
      templateId,
      title: template.name,
      latestVersion: 1,
      createdAt: now,
      updatedAt: now,
    })
    await repo.insertVersion(tx, {
      agreementId: agreement.id,
      number: 1,
      clauses,
      authorUserId: actor.userId,
      authorName: actorName(actor),
      note: null,
      createdAt: now,
    })
    await recordAudit(tx, actor, {
      action: 'agreement.started',
      unit: row.unitA,
      object: { type: 'agreement', id: agreement.id },
      data: { partnershipId, templateId },
    })
    return agreement
  })
}

/** Where mails link to; without it (a script, a test) the use case sends none. */
type Links = { publicUrl: string }

/**
 * An edit of the text. While the newest version is not in force it is the draft, and the edit changes it in
 * place, counting up its revision; a side's ratification of the draft no longer fits the changed text, so it
 * is removed and the boards of both sides are told. An edit of the text in force opens the next version as
 * the draft of an amendment, which every further edit changes until both sides ratify it once. The version in
 * force stays in force until then.
 */
async function reviseAgreement(
  deps: AppDeps,
  actor: Actor,
  id: string,
  links: Links | undefined,
  change: (clauses: Clause[]) => { clauses: Clause[]; audit: Record<string, unknown> },
) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id, { lock: true })
    authorize(actor, 'agreement.edit', { agreement: loaded.subject })
    const latest = await repo.findVersion(tx, id, loaded.agreement.latestVersion)
    if (!latest) throw new NotFoundError()
    const ratifications = await repo.listRatifications(tx, id)
    const state = agreementState(latest.number, ratifications)
    const { clauses, audit } = change(latest.clauses)
    // Nothing changed (a clause saved as it was, the first one moved up): no new version, no new revision.
    if (JSON.stringify(clauses) === JSON.stringify(latest.clauses))
      return { version: latest.number, revision: latest.revision, opened: false, reset: false }
    const now = deps.now()
    if (state.inForceVersion === latest.number) {
      const number = latest.number + 1
      await repo.insertVersion(tx, {
        agreementId: id,
        number,
        clauses,
        authorUserId: actor.userId,
        authorName: actorName(actor),
        note: 'amendment',
        createdAt: now,
      })
      await repo.updateAgreement(tx, id, { latestVersion: number, updatedAt: now })
      await recordAudit(tx, actor, {
        action: 'agreement.revised',
        unit: loaded.unitA,
        object: { type: 'agreement', id },
        data: { version: number, revision: 1, ...audit },
      })
      return { version: number, revision: 1, opened: true, reset: false }
    }
    const revision = latest.revision + 1
    await repo.reviseDraft(tx, latest.id, { clauses, revision, revisedAt: now })
    const reset = ratifications.filter((r) => r.versionNumber === latest.number)
    await repo.deleteRatifications(
      tx,
      reset.map((r) => r.id),
    )
    await repo.updateAgreement(tx, id, { updatedAt: now })
    await recordAudit(tx, actor, {
      action: 'agreement.revised',
      unit: loaded.unitA,
      object: { type: 'agreement', id },
      data: {
        version: latest.number,
        revision,
        ...audit,
        ...(reset.length > 0 && {
          ratificationsReset: reset.map((r) => ({
            side: r.side,
            revision: r.revision,
            ratifiedOn: r.ratifiedOn,
          })),
        }),
      },
    })
    if (links)
      for (const r of reset)
        await queueDraftChangedMails(tx, deps, actor, loaded, { version: latest.number, revision }, r, links)
    return { version: latest.number, revision, opened: false, reset: reset.length > 0 }
  })
}

/**
 * A mail to each person on the board of one side (the role on the unit itself), in that person's language,
 * with their name and the agreement's link among the params; people in `skip` get none, and each one mailed
 * is added to it. The key is `<kind>:<agreement>:<step>:<user>`, so a repeated step mails no one twice.
 */
async function boardMails(
  tx: DbOrTx,
  loaded: LoadedAgreement,
  side: Side,
  mail: { kind: string; step: string; skip?: Set<string>; links: Links },
  write: (tr: Translate, params: Record<string, string>) => { subject: string; text: string },
  params: (locale: Locale) => Record<string, string>,
) {
  const mails: OutgoingMail[] = []
  for (const b of await listRoleHolders(tx, sideUnit(loaded, side).id, 'board')) {
    if (mail.skip?.has(b.userId)) continue
    mail.skip?.add(b.userId)
    const locale = isLocale(b.locale) ? b.locale : 'de'
    const link = `${mail.links.publicUrl}/agreements/${loaded.agreement.id}`
    mails.push({
      key: `${mail.kind}:${loaded.agreement.id}:${mail.step}:${b.userId}`,
      to: b.email,
      ...write(translator(locale), { name: b.name, link, ...params(locale) }),
    })
  }
  return mails
}

/**
 * The draft changed after one side had ratified it: that ratification is gone. The boards of both sides
 * (but not the person who made the change) are told: the side that ratified must decide again, the other
 * one may have been told it was its turn for a text that no longer stands.
 */
async function queueDraftChangedMails(
  tx: DbOrTx,
  deps: AppDeps,
  actor: Actor,
  loaded: LoadedAgreement,
  draft: { version: number; revision: number },
  reset: { side: Side; ratifiedOn: string; body: string },
  links: Links,
) {
  const mail = { kind: 'agreement-draft-changed', step: `${draft.version}.${draft.revision}`, links }
  const skip = new Set<string>([actor.userId])
  const mails: OutgoingMail[] = []
  for (const side of [reset.side, reset.side === 'a' ? 'b' : 'a'] as const) {
    const body = side === reset.side ? 'bodyOwn' : 'bodyOther'
    const partner = sideUnit(loaded, side === 'a' ? 'b' : 'a')
    mails.push(
      ...(await boardMails(
        tx,
        loaded,
        side,
        { ...mail, skip },
        (tr, params) => ({
          subject: tr('agreements.mail.draftChanged.subject', params),
          text: tr(`agreements.mail.draftChanged.${body}`, params),
        }),
        (locale) => ({
          unit: sideUnit(loaded, reset.side).name,
          other: partner.name,
          version: String(draft.version),
          ratifiedOn: formatDate(locale, reset.ratifiedOn),
          body: reset.body,
        }),
      )),
    )
  }
  await queueMail(tx, deps.now(), mails)
}

export function addAgreementClause(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: ClauseInput,
  links?: Links,
) {
  return reviseAgreement(deps, actor, id, links, (clauses) => {
    const clause: Clause = {
      key: randomUUID(),
      type: input.type,
      title: input.title,
      body: input.body,
      params: paramsOf(input),
    }
    return { clauses: [...clauses, clause], audit: { added: clause.key } }
  })
}

export function rewordAgreementClause(
  deps: AppDeps,
  actor: Actor,
  id: string,
  key: string,
  input: ClauseInput,
  links?: Links,
) {
  return reviseAgreement(deps, actor, id, links, (clauses) => {
    if (!clauses.some((c) => c.key === key)) throw new NotFoundError()
    return {
      clauses: clauses.map((c) =>
        c.key === key
          ? { ...c, type: input.type, title: input.title, body: input.body, params: paramsOf(input) }
          : c,
      ),
      audit: { changed: key },
    }
  })
}

export function removeAgreementClause(deps: AppDeps, actor: Actor, id: string, key: string, links?: Links) {
  return reviseAgreement(deps, actor, id, links, (clauses) => {
    if (!clauses.some((c) => c.key === key)) throw new NotFoundError()
    return { clauses: clauses.filter((c) => c.key !== key), audit: { removed: key } }
  })
}

export function moveAgreementClause(
  deps: AppDeps,
  actor: Actor,
  id: string,
  key: string,
  direction: 'up' | 'down',
  links?: Links,
) {
  return reviseAgreement(deps, actor, id, links, (clauses) => {
    const index = clauses.findIndex((c) => c.key === key)
    if (index < 0) throw new NotFoundError()
    const target = direction === 'up' ? index - 1 : index + 1
    const next = [...clauses]
    if (target >= 0 && target < next.length) [next[index], next[target]] = [next[target]!, next[index]!]
    return { clauses: next, audit: { moved: key, direction } }
  })
}

/**
 * A board records its own side's ratification of the draft: body, date and place. Only the draft (the
 * newest version while it is not in force), once per side (agreement_ratifications_side_uq), and only the
 * text the board read: the form names the draft's revision, and a draft changed since is refused (409)
 * with nothing written, so the page can show the new text.
 */
export async function ratifyAgreement(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: RatifyInput,
  links?: Links,
) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id, { lock: true })
    authorize(actor, 'agreement.ratify', { agreement: loaded.subject, side: input.side })
    const ratifications = await repo.listRatifications(tx, id)
    const latest = loaded.agreement.latestVersion
    const before = agreementState(latest, ratifications)
    if (!canRatifyVersion(before, latest, ratifications, input.side, input.versionNumber))
      throw new FieldError('versionNumber', 'agreements.errors.version')
    const draft = await repo.findVersion(tx, id, input.versionNumber)
    if (!draft) throw new FieldError('versionNumber', 'agreements.errors.version')
    if (draft.revision !== input.revision) throw new ConflictError('agreements.errors.textChanged')
    const row = await repo.insertRatification(tx, {
      agreementId: id,
      versionNumber: input.versionNumber,
      revision: draft.revision,
      side: input.side,
      body: input.body,
      ratifiedOn: input.ratifiedOn,
      place: input.place,
      recordedById: actor.userId,
      createdAt: deps.now(),
    })
    const after = agreementState(latest, [...ratifications, row])
    await repo.updateAgreement(tx, id, { updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'agreement.ratified',
      unit: sideUnit(loaded, input.side),
      object: { type: 'agreement', id },
      data: {
        side: input.side,
        version: input.versionNumber,
        revision: draft.revision,
        status: after.status,
        inForce: after.inForceVersion,
      },
    })
    const waitsForOther = after.awaiting.some(
      (a) => a.versionNumber === input.versionNumber && a.ratifiedBy === input.side,
    )
    if (links && waitsForOther) await queueYourTurnMails(tx, deps, loaded, input, links)
    return after
  })
}

/**
 * One side ratified a version the other has not: the other side's board (the role on the unit
 * itself, who alone may ratify for it) is told that it is their turn, in their language.
 */
async function queueYourTurnMails(
  tx: DbOrTx,
  deps: AppDeps,
  loaded: LoadedAgreement,
  input: RatifyInput,
  links: Links,
) {
  const told = input.side === 'a' ? 'b' : 'a'
  const mails = await boardMails(
    tx,
    loaded,
    told,
    { kind: 'agreement-your-turn', step: `${input.versionNumber}.${input.revision}`, links },
    (tr, params) => ({
      subject: tr('agreements.mail.yourTurn.subject', params),
      text: tr('agreements.mail.yourTurn.body', params),
    }),
    (locale) => ({
      unit: sideUnit(loaded, input.side).name,
      other: sideUnit(loaded, told).name,
      version: String(input.versionNumber),
      ratifiedOn: formatDate(locale, input.ratifiedOn),
      body: input.body,
    }),
  )
  await queueMail(tx, deps.now(), mails)
}

/** Either board publishes the text and ratifications (or withdraws them); minutes stay private either way. */
export async function publishAgreement(deps: AppDeps, actor: Actor, id: string, isPublished: boolean) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id, { lock: true })
    authorize(actor, 'agreement.publish', { agreement: loaded.subject })
    await repo.updateAgreement(tx, id, { isPublished, updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: isPublished ? 'agreement.published' : 'agreement.unpublished',
      unit: loaded.unitA,
      object: { type: 'agreement', id },
    })
  })
}

/**
 * Everything the agreement page shows this actor. The public (published agreements) sees the text
 * in force, or the newest text while none is, and the ratifications; the boards and the federal
 * office also see the draft, versions and commitments.
 */
export async function viewAgreement(deps: AppDeps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const loaded = await getVisibleAgreement(db, actor, id)
  const can = abilities(actor, loaded.subject)
  const ratifications = await repo.listRatifications(db, id)
  const state = agreementState(loaded.agreement.latestVersion, ratifications)
  const shownNumber = can.internals
    ? loaded.agreement.latestVersion
    : (state.inForceVersion ?? loaded.agreement.latestVersion)
  const shown = await repo.findVersion(db, id, shownNumber)
  const versions = can.internals ? await repo.listVersions(db, id) : []
  const commitments = can.internals
    ? await commitmentsOf(db, deps.now(), loaded, state, ratifications)
    : undefined
  // The draft of an amendment, clause by clause against the text in force: what the boards ratify.
  const inForce =
    can.internals && state.pending && state.inForceVersion !== null
      ? await repo.findVersion(db, id, state.inForceVersion)
      : undefined
  const amendment =
    inForce && shown
      ? {
          from: inForce.number,
          to: shown.number,
          changes: compareVersions(inForce.clauses, shown.clauses).filter((c) => c.kind !== 'unchanged'),
        }
      : undefined
  return {
    ...loaded,
    can,
    state,
    ratifications,
    version: shown!,
    versions,
    commitments,
    amendment,
  }
}

export type AgreementPageData = Awaited<ReturnType<typeof viewAgreement>>

/** Whether the actor may open the agreement's page: the rule of `viewAgreement`, without its commitments. */
export function agreementOpensFor(deps: AppDeps, actor: Actor | undefined, id: string) {
  return opens(() => getVisibleAgreement(deps.database.db, actor, id))
}

/** The version in force (or the newest) for printing, with both sides' ratifications of it. */
export async function viewPrintableAgreement(deps: AppDeps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const loaded = await getVisibleAgreement(db, actor, id)
  const ratifications = await repo.listRatifications(db, id)
  const state = agreementState(loaded.agreement.latestVersion, ratifications)
  const number = state.inForceVersion ?? loaded.agreement.latestVersion
  const version = await repo.findVersion(db, id, number)
  return {
    ...loaded,
    state,
    version: version!,
    ratificationA: ratifications.find((r) => r.side === 'a' && r.versionNumber === number),
    ratificationB: ratifications.find((r) => r.side === 'b' && r.versionNumber === number),
  }
}

/** Two versions side by side as a clause-level diff; only for the boards and the federal office. */
export async function compareAgreementVersions(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  from: number,
  to: number,
) {
  const db = deps.database.db
  const loaded = await getVisibleAgreement(db, actor, id, { need: 'agreement.viewInternals' })
  const [before, after] = await Promise.all([repo.findVersion(db, id, from), repo.findVersion(db, id, to)])
  if (!before || !after) throw new NotFoundError()
  return {
    ...loaded,
    before,
    after,
    changes: compareVersions(before.clauses, after.clauses),
    versions: await repo.listVersions(db, id),
  }
}
