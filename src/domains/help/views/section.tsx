import type { SectionUnit } from '../../../platform/deps.js'
import type { ViewContext } from '../../../platform/views/context.js'
import type { DonationDrive } from '../tables.js'
import { euro } from './fields.js'
import { type RequestListItem, RequestTable } from './requests.js'

/** The unit page's section: open requests visible to the actor, balances, drives, white spots. */
export function UnitHelpSection(props: {
  ctx: ViewContext
  unit: SectionUnit
  requests: RequestListItem[]
  balances: { id: string; partnerName: string }[]
  drives: { drive: DonationDrive; pledged: number }[]
  canPost: boolean
  canWhiteSpots: boolean
}) {
  const { ctx, unit } = props
  const { t } = ctx
  return (
    <section class="unit-help" aria-labelledby="unit-help-heading">
      <h2 id="unit-help-heading">{t('help.section.title')}</h2>
      <h3>{t('help.section.open')}</h3>
      {props.requests.length === 0 ? (
        <p>{t('help.section.none')}</p>
      ) : (
        <RequestTable ctx={ctx} items={props.requests} />
      )}
      {props.balances.length > 0 && (
        <ul>
          {props.balances.map((b) => (
            <li key={b.id}>
              <a href={`/help/partnerships/${b.id}/balance`}>
                {t('help.balance.section', { partner: b.partnerName })}
              </a>
            </li>
          ))}
        </ul>
      )}
      {props.drives.length > 0 && (
        <>
          <h3>{t('help.drives.section')}</h3>
          <ul>
            {props.drives.map(({ drive, pledged }) => (
              <li key={drive.id}>
                <a href={`/help/drives/${drive.id}`}>{drive.title}</a>: {euro(ctx.locale, pledged)} /{' '}
                {euro(ctx.locale, drive.targetCents)}
              </li>
            ))}
          </ul>
        </>
      )}
      {(props.canPost || props.canWhiteSpots) && (
        <p class="actions">
          {props.canPost && (
            <a class="button secondary" href={`/help/new?unit=${unit.id}`}>
              {t('help.list.new')}
            </a>
          )}
          {props.canWhiteSpots && (
            <a class="button secondary" href={`/units/${unit.id}/white-spots`}>
              {t('help.section.whiteSpots')}
            </a>
          )}
        </p>
      )}
    </section>
  )
}

/** The team page's section: the team's open requests the actor may see, and the way to post one for its leads. */
export function TeamHelpSection(props: {
  ctx: ViewContext
  team: { id: string }
  requests: RequestListItem[]
  canPost: boolean
}) {
  const { ctx, team } = props
  const { t } = ctx
  return (
    <section aria-labelledby="team-help-heading">
      <h2 id="team-help-heading">{t('help.section.teamTitle')}</h2>
      {props.requests.length === 0 ? (
        <p>{t('help.section.teamNone')}</p>
      ) : (
        <RequestTable ctx={ctx} items={props.requests} />
      )}
      {props.canPost && (
        <p class="actions">
          <a class="button secondary" href={`/teams/${team.id}/help/new`}>
            {t('help.section.teamNew')}
          </a>
        </p>
      )}
    </section>
  )
}
