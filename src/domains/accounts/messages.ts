import type { Messages } from '../../platform/i18n/types.js'

export const de = {
  login: {
    title: 'Anmelden',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    submit: 'Anmelden',
    magicLinkInstead: 'Lieber ohne Passwort: Anmeldelink per E-Mail',
    forgot: 'Passwort vergessen?',
    noAccount: 'Noch kein Konto? Registrieren',
  },
  errors: {
    invalidCredentials: 'E-Mail-Adresse oder Passwort stimmen nicht.',
  },
  flash: {
    loggedIn: 'Du bist angemeldet.',
    loggedOut: 'Du bist abgemeldet.',
  },
} as const

export const en: Messages<typeof de> = {
  login: {
    title: 'Log in',
    email: 'E-mail address',
    password: 'Password',
    submit: 'Log in',
    magicLinkInstead: 'Rather without a password: a login link by e-mail',
    forgot: 'Forgot your password?',
    noAccount: 'No account yet? Register',
  },
  errors: {
    invalidCredentials: 'E-mail address or password do not match.',
  },
  flash: {
    loggedIn: 'You are logged in.',
    loggedOut: 'You are logged out.',
  },
}
