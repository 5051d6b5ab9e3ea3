import { render } from 'preact-render-to-string'
import { expect, test } from 'vitest'
import { linkify } from './linkify.js'

const html = (text: string) => render(<p>{linkify(text)}</p>)

test('URLs become links and sentence punctuation stays outside them', () => {
  expect(html('Siehe https://example.org/x?a=1&b=2.')).toBe(
    '<p>Siehe <a href="https://example.org/x?a=1&amp;b=2">https://example.org/x?a=1&amp;b=2</a>.</p>',
  )
})

test('markup in the text stays text', () => {
  const out = html('<img src=x onerror=alert(1)> http://example.org/"><script>')
  expect(out).not.toContain('<img')
  expect(out).not.toContain('<script')
  expect(out).toContain('<a href="http://example.org/">http://example.org/</a>')
})

test('javascript: and other schemes are never linked', () => {
  expect(html('javascript:alert(1) mailto:a@example.org')).toBe(
    '<p>javascript:alert(1) mailto:a@example.org</p>',
  )
})
