/**
 * `MigrationRunner`: Lucid's name and constructor for the `Migrator`, so
 * `new MigrationRunner(db, app, { direction: 'up' })` moves over from Lucid.
 * Of the AdonisJS application it reads only where the app lives (migration
 * paths resolve from `appRoot`) and `inProduction`; `(db, options)` works too.
 */
import { fileURLToPath } from 'node:url'
import type { Database } from '../database/database.js'
import type { MigratorOptions } from '../types/migrator.js'
import { Migrator } from './runner.js'

/** The part of an AdonisJS `Application` the runner reads. */
export interface MigrationRunnerApp {
  /** Directory `migrations.paths` resolve from (a `file:` URL or a path). */
  appRoot: URL | string
  /** Refuses rollbacks with `disableRollbacksInProduction` (default: `NODE_ENV=production`). */
  inProduction?: boolean
}

function rootPath(appRoot: URL | string): string {
  return appRoot instanceof URL || appRoot.startsWith('file:') ? fileURLToPath(appRoot) : appRoot
}

export class MigrationRunner extends Migrator {
  #inProduction?: boolean

  constructor(db: Database, options: MigratorOptions)
  constructor(db: Database, app: MigrationRunnerApp, options: MigratorOptions)
  constructor(
    db: Database,
    appOrOptions: MigrationRunnerApp | MigratorOptions,
    options?: MigratorOptions
  ) {
    if (options === undefined) {
      super(db, appOrOptions as MigratorOptions)
      return
    }
    const app = appOrOptions as MigrationRunnerApp
    super(db, { cwd: rootPath(app.appRoot), ...options })
    this.#inProduction = app.inProduction
  }

  protected override inProduction(): boolean {
    return this.#inProduction ?? super.inProduction()
  }
}
