/**
 * Markup that may go into a page as it is, branded so that a plain string never passes for it. Two makers
 * brand it, and only they (trusted-html.test.ts keeps the list): the kept renderings of the platform's own
 * views (`KeptRenderings`, escaped when they were rendered) and the Wissenswerk's Markdown renderer
 * (`renderMarkdown` in playbook/markdown.ts: raw HTML off, links and images checked). Text from a request,
 * a file or the database never becomes one except through them.
 */
export type SafeHtml = { readonly html: string; readonly __safeHtml: unique symbol }

/** The one place a page sets markup instead of text. */
export function TrustedHtml(props: { tag: 'div' | 'ul' | 'header'; class?: string; html: SafeHtml }) {
  const Tag = props.tag
  // biome-ignore lint/security/noDangerouslySetInnerHtml: a SafeHtml is made only by the renderers named above.
  return <Tag class={props.class} dangerouslySetInnerHTML={{ __html: props.html.html }} />
}
