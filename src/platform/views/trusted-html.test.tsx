import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { KeptRenderings } from './kept.js'
import { renderFragment } from './render.js'
import { TrustedHtml } from './trusted-html.js'

const root = new URL('../../../', import.meta.url).pathname
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  )
const filesWith = (pattern: RegExp) =>
  sources(join(root, 'src'))
    .filter((file) => pattern.test(readFileSync(file, 'utf8')))
    .map((file) => relative(root, file))
    .sort()

describe('markup set as it is', () => {
  test('only the two renderers of safe markup brand a SafeHtml', () => {
    expect(filesWith(/as (SafeHtml|KeptString)\b/)).toEqual([
      'src/domains/playbook/markdown.ts',
      'src/platform/views/kept.tsx',
    ])
  })

  test('no other component sets markup', () => {
    expect(filesWith(/dangerouslySetInnerHTML/)).toEqual(['src/platform/views/trusted-html.tsx'])
  })

  test('TrustedHtml puts the markup of a kept rendering into the page as it is', () => {
    const kept = new KeptRenderings().render('k', () => <li>a &amp; b</li>)
    expect(renderFragment(<TrustedHtml tag="ul" class="list" html={kept} />)).toBe(
      '<ul class="list"><li>a &amp; b</li></ul>',
    )
  })

  test('a kept rendering with a hole takes the value of each request, escaped, in text and attributes', () => {
    const kept = new KeptRenderings()
    const view = (hole: string) => (
      <form>
        <input name="_csrf" value={hole} />
        <b>{hole}</b>
      </form>
    )
    expect(kept.renderWithHole('f', view, 'abc').html).toBe(
      '<form><input name="_csrf" value="abc"/><b>abc</b></form>',
    )
    expect(kept.renderWithHole('f', view, '"><x>&').html).toBe(
      '<form><input name="_csrf" value="&#34;&#62;&#60;x&#62;&#38;"/><b>&#34;&#62;&#60;x&#62;&#38;</b></form>',
    )
  })
})
