export { type AccountsEnv, InvalidLinkError, type Meta, tokenLifetimes } from './env.js'
export { logInWithPassword, logOut } from './log-in.js'
export { isLoginLinkUsable, logInWithLink, requestLoginLink } from './login-link.js'
export { resumeTimedJob, retryQueuedMail, viewMailQueue } from './mail-queue.js'
export { type MailSettings, saveMailSettings, viewMailSettings } from './mail-settings.js'
export { recentOutboxMail } from './mails.js'
export { type AccountOverview, endOtherSessions, endSession, viewAccount } from './my-account.js'
export { isResetLinkUsable, requestPasswordReset, resetPassword } from './password-reset.js'
export { confirmEmail, isVerificationLinkUsable, registerAccount } from './registration.js'
export {
  confirmSecondFactor,
  disableSecondFactor,
  type Enrolment,
  enrolSecondFactor,
  resetSecondFactorOf,
  resumeEnrolment,
  secondFactorAfterLogin,
  startEnrolment,
  type TwoFactorStatus,
  twoFactorNotice,
  viewTwoFactor,
} from './two-factor.js'
export { deactivateAccount, reactivateAccount, searchAccounts, USER_LIST_LIMIT } from './user-admin.js'
