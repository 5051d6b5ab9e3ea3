import type { SectionUnit } from '../../../platform/deps.js'
import { formatNumber } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import type { viewUnitSection } from '../service/index.js'

type SectionData = NonNullable<Awaited<ReturnType<typeof viewUnitSection>>>

/** On a KV's page: the queue's counts for its board, the questionnaire for a new member of the KV. */
export function UnitOnboardingSection({
  ctx,
  unit,
  data,
}: {
  ctx: ViewContext
  unit: SectionUnit
  data: SectionData
}) {
  const { t } = ctx
  return (
    <section aria-labelledby="onboarding-section-heading" class="onboarding-section">
      <h2 id="onboarding-section-heading">{t('onboarding.section.title')}</h2>
      {data.questionnaire && (
        <p>
          {t('onboarding.section.questionnaire')}{' '}
          <a href="/onboarding/questionnaire">{t('onboarding.section.questionnaireLink')}</a>
        </p>
      )}
      {data.queue && (
        <p>
          {t('onboarding.section.queue', {
            open: formatNumber(ctx.locale, data.queue.open),
            overdue: formatNumber(ctx.locale, data.queue.overdue),
          })}{' '}
          <a href={`/onboarding/units/${unit.id}`}>{t('onboarding.section.queueLink')}</a>
        </p>
      )}
    </section>
  )
}
