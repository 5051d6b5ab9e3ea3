import { CsrfField } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { MailSettings } from '../service/index.js'

/** The optional mails, each switched on or off; the ones that always go out listed below. */
export function MailSettingsPage({ ctx, settings }: { ctx: ViewContext; settings: MailSettings }) {
  const { t } = ctx
  const box = (name: 'shiftReminder' | 'eventReminder' | 'partnerRequest') => (
    <div class="field field--checkbox">
      <label>
        <input type="checkbox" name={name} value="on" checked={settings[name]} />{' '}
        {t(`accounts.mails.${name}`)}
      </label>
    </div>
  )
  return (
    <Layout ctx={ctx} title={t('accounts.mails.title')}>
      <p>
        <a href="/account">{t('accounts.account.title')}</a>
      </p>
      <h1>{t('accounts.mails.title')}</h1>
      <p>{t('accounts.mails.intro')}</p>
      <form method="post" action="/account/mails">
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('accounts.mails.optional')}</legend>
          {box('shiftReminder')}
          {box('eventReminder')}
          {box('partnerRequest')}
        </fieldset>
        <fieldset>
          <legend>{t('accounts.mails.signupNotice')}</legend>
          <p class="hint">{t('accounts.mails.signupNoticeHint')}</p>
          {(['each', 'digest', 'off'] as const).map((value) => (
            <div class="field field--checkbox" key={value}>
              <label>
                <input
                  type="radio"
                  name="signupNotice"
                  value={value}
                  checked={settings.signupNotice === value}
                />{' '}
                {t(`accounts.mails.signupNoticeChoice.${value}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t('accounts.mails.save')}</button>
      </form>
      <h2>{t('accounts.mails.alwaysTitle')}</h2>
      <p>{t('accounts.mails.always')}</p>
    </Layout>
  )
}
