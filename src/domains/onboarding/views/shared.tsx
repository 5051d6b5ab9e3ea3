import type { ComponentChildren } from 'preact'
import { formatDate } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import type { QueueState } from '../queue.js'
import type { StepKind } from '../tables.js'

/** A day ("YYYY-MM-DD") as the locale writes it; the date alone, whatever the time zone. */
export function day(ctx: ViewContext, value: string | null | undefined) {
  return value ? formatDate(ctx.locale, `${value}T12:00:00Z`) : ''
}

/** A step's own wording, or the name of its kind. */
export function stepTitle(ctx: ViewContext, step: { kind: StepKind; title: string | null }) {
  return step.title ?? ctx.t(`onboarding.kinds.${step.kind}`)
}

/** Where someone or something stands, in words and not by colour alone. */
export function StateTag({ ctx, state }: { ctx: ViewContext; state: QueueState }) {
  return <span class={`onboarding-tag onboarding-tag--${state}`}>{ctx.t(`onboarding.states.${state}`)}</span>
}

export function Section(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={props.id} class="onboarding-section">
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  )
}
