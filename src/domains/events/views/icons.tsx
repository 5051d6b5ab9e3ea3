import type { ViewContext } from '../../../platform/views/context.js'
import type { InclusionProfile } from '../inclusion.js'

// Simple line icons drawn here, so no icon font or image is fetched. They decorate; the words carry the meaning.
const paths = {
  stepFree: 'M12 4a2 2 0 1 0 0 .1M10 8h4l-1 6h4l2 6M9 10a6 6 0 1 0 7 9',
  toilet: 'M7 3v18M7 7h6a3 3 0 0 1 0 6H7M16 21l-2-8',
  childcare: 'M12 5a2 2 0 1 0 0 .1M8 21l2-8h4l2 8M7 11l5-3 5 3',
  nursing: 'M12 21s-7-4-7-10a4 4 0 0 1 7-2 4 4 0 0 1 7 2c0 6-7 10-7 10z',
  changing: 'M3 14h18v4H3zM7 14V9a5 5 0 0 1 10 0v5',
  quiet: 'M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z',
  sign: 'M8 13V5a1.5 1.5 0 0 1 3 0v6M11 11V4a1.5 1.5 0 0 1 3 0v7M14 11V6a1.5 1.5 0 0 1 3 0v8a7 7 0 0 1-7 7 6 6 0 0 1-5-3l-2-4a1.5 1.5 0 0 1 2.5-1.5L8 15',
  captions: 'M3 5h18v14H3zM7 12h3M7 15h6M14 12h3M15 15h2',
  online: 'M3 5h18v11H3zM8 20h8M12 16v4',
  languages: 'M3 5h10M8 3v2M5 5c1 5 4 8 8 9M11 5c-1 4-4 7-8 9M13 21l4-10 4 10M14.5 17h5',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 3',
} as const

export type IconName = keyof typeof paths

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      class="icon"
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={paths[name]} />
    </svg>
  )
}

/** The inclusion profile as a list of icons with words; only what is offered is listed. */
export function InclusionList(props: {
  ctx: ViewContext
  profile: InclusionProfile
  fixedEndAt?: string | null
  compact?: boolean
}) {
  const { ctx, profile: p } = props
  const { t } = ctx
  const items: { icon: IconName; text: string }[] = []
  if (p.stepFree) items.push({ icon: 'stepFree', text: t('events.inclusion.stepFree') })
  if (p.accessibleToilet) items.push({ icon: 'toilet', text: t('events.inclusion.accessibleToilet') })
  if (p.childcare) {
    const base = t('events.inclusion.childcare', { min: p.childcare.minAge, max: p.childcare.maxAge })
    const deadline = p.childcare.signUpBy
      ? ` · ${t('events.inclusion.childcareDeadline', { date: p.childcare.signUpBy.split('-').reverse().join('.') })}`
      : ''
    items.push({ icon: 'childcare', text: props.compact ? base : base + deadline })
  }
  if (p.childFriendly.nursingSpace) items.push({ icon: 'nursing', text: t('events.inclusion.nursingSpace') })
  if (p.childFriendly.changingTable)
    items.push({ icon: 'changing', text: t('events.inclusion.changingTable') })
  if (p.quietRoom) items.push({ icon: 'quiet', text: t('events.inclusion.quietRoom') })
  if (p.signLanguageOnRequest) items.push({ icon: 'sign', text: t('events.inclusion.signLanguage') })
  if (p.captionsOnRequest) items.push({ icon: 'captions', text: t('events.inclusion.captions') })
  if (p.onlineParticipation) items.push({ icon: 'online', text: t('events.inclusion.online') })
  if (!props.compact && p.languages.length > 0)
    items.push({
      icon: 'languages',
      text: t('events.inclusion.languages', { languages: p.languages.join(', ') }),
    })
  if (props.fixedEndAt)
    items.push({ icon: 'clock', text: t('events.inclusion.fixedEnd', { time: props.fixedEndAt }) })
  if (items.length === 0) return props.compact ? null : <p>{t('events.inclusion.none')}</p>
  return (
    <ul class={props.compact ? 'inclusion inclusion--compact' : 'inclusion'}>
      {items.map((i) => (
        <li key={i.icon}>
          <Icon name={i.icon} />
          <span>{i.text}</span>
        </li>
      ))}
    </ul>
  )
}
