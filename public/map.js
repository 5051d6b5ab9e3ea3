// Progressive enhancement for the partnership map: the SVG <title> already gives a native
// tooltip on hover; this shows the same text at once, also on keyboard focus.
document.addEventListener('DOMContentLoaded', () => {
  const svg = document.querySelector('.pm-svg')
  if (!svg) return
  const tip = document.createElement('div')
  tip.className = 'pm-tip'
  tip.hidden = true
  tip.setAttribute('aria-hidden', 'true')
  document.body.append(tip)
  const labelOf = (el) => {
    const holder = el.closest('a, .pm-line')
    if (!holder || !svg.contains(holder)) return null
    const title = holder.querySelector(':scope > title')
    return title ? { holder, text: title.textContent } : null
  }
  const show = (text, x, y) => {
    tip.textContent = text
    tip.hidden = false
    const w = tip.offsetWidth
    tip.style.left = `${Math.max(4, Math.min(x + 12, window.innerWidth - w - 4))}px`
    tip.style.top = `${y + 14}px`
  }
  svg.addEventListener('mousemove', (e) => {
    const label = labelOf(e.target)
    if (label) show(label.text, e.clientX, e.clientY)
    else tip.hidden = true
  })
  svg.addEventListener('mouseleave', () => {
    tip.hidden = true
  })
  svg.addEventListener('focusin', (e) => {
    const label = labelOf(e.target)
    if (!label) return
    const box = label.holder.getBoundingClientRect()
    show(label.text, box.left + box.width / 2, box.top + box.height / 2)
  })
  svg.addEventListener('focusout', () => {
    tip.hidden = true
  })
})
