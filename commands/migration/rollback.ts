import { CliError } from '../helpers/cli_error.js'
import { MigrationsBase } from './base.js'

/** `migration:rollback`: reverts the last batch, down to `--batch`, or `--step` files. */
export default class MigrationRollback extends MigrationsBase {
  static commandName = 'migration:rollback'
  static description = 'Rollback migrations to a specific batch number'

  declare force?: boolean
  declare dryRun?: boolean
  declare batch?: number
  declare step?: number
  declare compactOutput?: boolean
  declare disableLocks?: boolean

  static {
    this.defineFlag('force', {
      type: 'boolean',
      description: 'Explicitly force to run migrations in production',
    })
    this.defineFlag('dryRun', {
      type: 'boolean',
      description: 'Do not run actual queries. Instead view the SQL output',
    })
    this.defineFlag('batch', {
      type: 'number',
      description: 'Define custom batch number for rollback. Use 0 to rollback to initial state',
    })
    this.defineFlag('step', {
      type: 'number',
      description: 'The number of migrations to be reverted',
    })
    this.defineFlag('compactOutput', {
      type: 'boolean',
      description: 'Display a single line summary instead of a line per file',
    })
    this.defineFlag('disableLocks', {
      type: 'boolean',
      description: 'Disable locks acquired to run migrations safely',
    })
  }

  async run() {
    // a negative number is a typo, not "everything": refused before anything connects
    for (const [flag, value] of [
      ['batch', this.batch],
      ['step', this.step],
    ] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        throw new CliError(
          `--${flag} must be a whole number of 0 or more (got ${value}). ` +
            (flag === 'batch'
              ? 'Use --batch=0 to roll back every batch'
              : 'Use --step=N to roll back the last N files')
        )
      }
    }
    if (!this.dryRun) this.assertCanRunInProduction(this.force, 'roll back migrations')
    await this.withDatabase(({ db, connectionName }) =>
      this.runMigrations(db, connectionName, {
        direction: 'down',
        batch: this.batch,
        step: this.step,
        dryRun: this.dryRun,
        disableLocks: this.disableLocks,
        compactOutput: this.compactOutput,
      })
    )
  }
}
