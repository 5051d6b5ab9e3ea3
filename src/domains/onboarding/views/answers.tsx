import type { ViewContext } from '../../../platform/views/context.js'
import type { OnboardingQuestionnaire } from '../tables.js'

type Answered = OnboardingQuestionnaire & { skillNames?: string[] }

/** A new member's answers, as their board and they themselves read them. */
export function Answers({ ctx, answers }: { ctx: ViewContext; answers: Answered }) {
  const { t } = ctx
  const when = [
    answers.weekdays && t('onboarding.questionnaire.weekdays'),
    answers.evenings && t('onboarding.questionnaire.evenings'),
    answers.weekends && t('onboarding.questionnaire.weekends'),
  ].filter(Boolean)
  return (
    <dl class="facts">
      <dt>{t('onboarding.questionnaire.interests')}</dt>
      <dd>
        {answers.interests.length > 0
          ? answers.interests.map((i) => t(`onboarding.interests.${i as 'campaigns'}`)).join(', ')
          : '–'}
      </dd>
      {answers.skillNames && (
        <>
          <dt>{t('onboarding.questionnaire.skills')}</dt>
          <dd>{answers.skillNames.length > 0 ? answers.skillNames.join(', ') : '–'}</dd>
        </>
      )}
      <dt>{t('onboarding.questionnaire.hoursPerMonth')}</dt>
      <dd>{answers.hoursPerMonth ?? '–'}</dd>
      <dt>{t('onboarding.questionnaire.when')}</dt>
      <dd>{when.length > 0 ? when.join(', ') : '–'}</dd>
      <dt>{t('onboarding.questionnaire.message')}</dt>
      <dd class="prewrap">{answers.message ?? '–'}</dd>
      <dt>{t('onboarding.questionnaire.pool')}</dt>
      <dd>
        {t(answers.joinedPool ? 'onboarding.questionnaire.poolYes' : 'onboarding.questionnaire.poolNo')}
      </dd>
    </dl>
  )
}
