export { templatesFor } from './service.js'
export { playbookEntries, playbookImages, playbookVersions } from './tables.js'
export { TemplateChoiceIntro } from './views.js'
