// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector('.error-summary')
  if (summary instanceof HTMLElement) summary.focus()
})
