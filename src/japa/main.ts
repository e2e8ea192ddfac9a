/**
 * Japa integration: `dbPlugin` for `configure({ plugins })`, and the types
 * of the `db` test context helpers.
 */
export { dbPlugin } from './plugin.js'
export type { DbPluginOptions } from './plugin.js'
export { DbTestHelpers } from './helpers.js'
export type { RowConditions } from './helpers.js'
export type { IsolationStrategy } from './isolation.js'
export type { MigrateOption, SeedOption } from './prepare.js'
export type { TrackedQuery } from './query_tracker.js'
export { seedFor } from './seed.js'
