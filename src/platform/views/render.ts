import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'

/** Renders a page; preact escapes every interpolated string, so user text can never become markup. */
export function renderPage(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`
}

export function renderFragment(vnode: VNode): string {
  return renderToString(vnode)
}
