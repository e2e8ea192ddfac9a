export { defineConfig } from './define_config.js'
export * as errors from './errors.js'
