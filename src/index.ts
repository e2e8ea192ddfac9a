export { defineConfig } from './define_config.js'
// named by the declaration of `export default defineConfig(...)` (tsc with `declaration: true`)
export type { DefinedDatabaseConfig } from './define_config.js'
export * as errors from './errors.js'
