import type { VNode } from 'preact'

const URL_PATTERN = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g

/**
 * Plain text with its http(s) URLs turned into link elements. Everything stays text nodes and
 * attributes, escaped by the renderer: a mail can never inject markup into the page showing it.
 */
export function linkify(text: string): (string | VNode)[] {
  const parts: (string | VNode)[] = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0
    if (start > last) parts.push(text.slice(last, start))
    parts.push(
      <a href={match[0]} key={String(start)}>
        {match[0]}
      </a>,
    )
    last = start + match[0].length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}
