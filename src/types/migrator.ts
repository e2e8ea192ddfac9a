/**
 * Public contracts of the migrator and the seeders runner: options, the
 * files they discover, and the result objects and events they report.
 */

/** Options of a `Migrator` run. */
export interface MigratorOptions {
  direction: 'up' | 'down'
  /** Connection to migrate (the default connection when omitted). */
  connectionName?: string
  /** Collect the SQL of each file instead of running it. */
  dryRun?: boolean
  /** `down` only: roll back every batch above this one (0 = all). Default: the last batch. */
  batch?: number
  /** `down` only: roll back the last `step` files, whatever their batch. */
  step?: number
  /** Skip the advisory lock (or lock row on SQLite). */
  disableLocks?: boolean
  /** Directory `migrations.paths` are resolved from (default `process.cwd()`). */
  cwd?: string
}

/** A migration or seeder file found on disk. */
export interface SourceFile {
  /** Path relative to `cwd`, without extension: `database/migrations/1700000000000_users`. */
  name: string
  /** Absolute path of the file. */
  absPath: string
  /** Path relative to `cwd`, with extension. */
  filePath: string
}

/** A migration file found on disk. */
export type MigrationFile = SourceFile

/** What happened to one file during a run. */
export interface MigratedFileNode {
  status: 'pending' | 'completed' | 'error'
  /** The SQL of the file, filled in dry run. */
  queries: string[]
  file: MigrationFile
  batch: number
}

/** One line of `Migrator.getList()`. */
export interface MigrationListNode {
  name: string
  /** `corrupt`: recorded as migrated, but its file is gone. */
  status: 'pending' | 'migrated' | 'corrupt'
  batch?: number
  migrationTime?: Date
}

/** Events a `Migrator` emits, with their payloads. */
export interface MigratorEvents {
  start: undefined
  end: undefined
  'acquire:lock': undefined
  'release:lock': undefined
  'create:schema:table': undefined
  'migration:start': MigratedFileNode
  'migration:completed': MigratedFileNode
  'migration:error': { file: MigratedFileNode; error: unknown }
}

/** A seeder file found on disk. */
export type SeederFile = SourceFile

/** What happened to one seeder file. */
export interface SeederFileNode {
  file: SeederFile
  /** `ignored`: the seeder's `environment` excludes the current one. */
  status: 'pending' | 'completed' | 'failed' | 'ignored'
  error?: unknown
}
