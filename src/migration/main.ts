export { Migrator } from './runner.js'
export { MigrationRunner } from './migration_runner.js'
export type { MigrationRunnerApp } from './migration_runner.js'
export type {
  MigratorOptions,
  MigrationFile,
  MigratedFileNode,
  MigrationListNode,
  MigratorEvents,
} from '../types/migrator.js'
