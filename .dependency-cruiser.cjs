// The layout of docs/architecture.md, checked by a machine: `npm run check:imports` (part of `npm run check`).
// A rule names what is forbidden; `$1` in a `to` path is the domain matched in its `from` path.

const test = '\\.test\\.tsx?$'
const D = '^src/domains/[^/]+/'
/** A role file, or the folder of the same name a larger domain turns it into. */
const role = (...names) => `${D}(${names.join('|')})(\\.tsx?$|/)`
/** A domain's tables: `tables.ts`, or `<name>.tables.ts` for a table split off to keep the imports acyclic. */
const tables = `${D}(tables|[^/]+\\.tables)\\.ts$`

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module reaches itself through its imports: every cycle is an error.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-imports-no-domain',
      comment: 'The platform is technical code without business words: it imports no domain, no demo data and not the app.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: ['^src/domains/', '^src/demo/', '^src/(app|server|main|jobs|migrate|structure-load|members-import|admin-grant)\\.ts$'] },
    },
    {
      name: 'domains-import-no-composition-root',
      comment: 'A domain gets what it needs from the platform (AppDeps, Settings, UnitSection), not from the app that composes it.',
      severity: 'error',
      from: { path: '^src/domains/' },
      to: { path: ['^src/demo/', '^src/(app|server|main|jobs|migrate|structure-load|members-import|admin-grant|messages)\\.ts$'] },
    },
    {
      name: 'every-table-for-the-privacy-inventory-only',
      comment: 'db-schema.ts lists every table: the privacy inventory checks itself against it; no other domain reads it.',
      severity: 'error',
      from: { path: '^src/domains/', pathNot: ['^src/domains/privacy/inventory\\.ts$', test] },
      to: { path: '^src/db-schema\\.ts$' },
    },
    {
      name: 'other-domains-through-index',
      comment: "Another domain is used through its public surface, index.ts (a repo or tables file may also join its tables).",
      severity: 'error',
      from: { path: '^src/domains/([^/]+)/', pathNot: test },
      to: {
        path: '^src/domains/',
        pathNot: ['^src/domains/$1/', `${D}index\\.ts$`, tables],
      },
    },
    {
      name: 'other-domains-tables-only-for-joins',
      comment: "Only repos and tables read another domain's tables directly; everything else goes through its index.ts.",
      severity: 'error',
      from: { path: '^src/domains/([^/]+)/', pathNot: [test, role('repo'), tables] },
      to: { path: tables, pathNot: '^src/domains/$1/' },
    },
    {
      name: 'plugin-only-from-app',
      comment: "A domain's plugin.ts (its routes as a Fastify plugin) is registered by app.ts alone.",
      severity: 'error',
      from: { pathNot: ['^src/app\\.ts$', test] },
      to: { path: `${D}plugin\\.ts$` },
    },
    {
      name: 'index-is-no-plugin',
      comment: 'index.ts is the public API: it reaches no routes and no plugin, so other domains can use it without cycles.',
      severity: 'error',
      from: { path: `${D}index\\.ts$` },
      to: { path: [role('routes', 'plugin')] },
    },
    {
      name: 'policy-is-pure',
      comment: 'A policy is pure rules over the actor and the subject: no queries, use cases, pages or mail.',
      severity: 'error',
      from: { path: role('policy'), pathNot: test },
      to: {
        path: [role('repo', 'service', 'routes', 'views', 'plugin'), '^src/platform/(db|mail|views)/'],
      },
    },
    {
      name: 'policy-reads-tables-for-types-only',
      comment: 'A policy may name the types of tables, never query them.',
      severity: 'error',
      from: { path: role('policy'), pathNot: test },
      to: { path: tables, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'views-render-only',
      comment:
        "Views are pure functions (ctx, data) → VNode: they reach no repo, use case, route or database (a use case's or a table's types, and the domain's own constants, they may name).",
      severity: 'error',
      from: { path: role('views'), pathNot: test },
      to: {
        path: [role('repo', 'service', 'routes', 'plugin'), '^src/platform/db/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'routes-are-thin',
      comment: 'Routes parse input, call one use case and render: they do not query (no repo, tables or database).',
      severity: 'error',
      from: { path: role('routes'), pathNot: test },
      to: { path: [role('repo'), tables, '^src/platform/db/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'repo-holds-no-rules',
      comment: "A repo holds named queries: it calls no use case, route or view, and names a policy's types only.",
      severity: 'error',
      from: { path: role('repo'), pathNot: test },
      to: { path: role('service', 'policy', 'routes', 'views', 'plugin'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'service-below-http',
      comment: 'Use cases know nothing of HTTP routes or plugins.',
      severity: 'error',
      from: { path: role('service'), pathNot: test },
      to: { path: role('routes', 'plugin') },
    },
    {
      name: 'tables-are-the-bottom',
      comment:
        "Tables refer to other tables (foreign keys), the platform and the domain's own plain types and constants: no role file above them.",
      severity: 'error',
      from: { path: tables },
      to: { path: [role('repo', 'service', 'policy', 'routes', 'views', 'plugin', 'input', 'index')] },
    },
    {
      name: 'tables-of-other-domains-only',
      comment: "Of another domain, tables import only its tables.",
      severity: 'error',
      from: { path: '^src/domains/([^/]+)/(tables|[^/]+\\.tables)\\.ts$' },
      to: { path: '^src/domains/', pathNot: ['^src/domains/$1/', tables] },
    },
    {
      name: 'input-is-schemas',
      comment: 'input.ts holds zod schemas: no queries, use cases, routes or views.',
      severity: 'error',
      from: { path: role('input'), pathNot: test },
      to: { path: [role('repo', 'service', 'routes', 'views', 'plugin'), '^src/platform/db/'] },
    },
    {
      name: 'not-to-tests',
      comment: 'Code does not import tests or their support.',
      severity: 'error',
      from: { path: '^src/', pathNot: test },
      to: { path: [test, '^test/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
