export { Migrator } from './runner.js'
export type {
  MigratorOptions,
  MigrationFile,
  MigratedFileNode,
  MigrationListNode,
  MigratorEvents,
} from '../types/migrator.js'
