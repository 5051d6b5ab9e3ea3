import MarkdownIt from 'markdown-it'
import type { SafeHtml } from '../../platform/views/trusted-html.js'

/**
 * Markdown as the Wissenswerk renders it: markdown-it with raw HTML off (a tag is shown as text), links only
 * to http(s), mailto, the platform's own paths and anchors (so no `javascript:` or `data:`), images only from
 * the platform's own uploads (anything else shows its description), external links with `rel="noopener
 * noreferrer nofollow"`, and table cells without the inline `style` the CSP would refuse.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false })

const safeLink = /^(https?:\/\/|mailto:|\/(?![/\\])|#)/i
export const uploadedImage =
  /^\/playbook\/images\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

md.validateLink = (url: string) => safeLink.test(url.trim())

const defaultImage = md.renderer.rules.image!
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!
  const src = String(token.attrGet('src') ?? '')
  if (!uploadedImage.test(src))
    return md.utils.escapeHtml(self.renderInlineAsText(token.children ?? [], options, env))
  token.attrSet('loading', 'lazy')
  return defaultImage(tokens, idx, options, env, self)
}

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!
  if (/^https?:\/\//i.test(String(token.attrGet('href') ?? '')))
    token.attrSet('rel', 'noopener noreferrer nofollow')
  return self.renderToken(tokens, idx, options)
}

for (const rule of ['th_open', 'td_open'] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!
    token.attrs = token.attrs?.filter(([name]) => name !== 'style') ?? null
    return self.renderToken(tokens, idx, options)
  }
}

/** The HTML of a Markdown text; safe to put into a page as it is (with `TrustedHtml`). */
export function renderMarkdown(text: string): SafeHtml {
  return { html: md.render(text) } as SafeHtml
}
