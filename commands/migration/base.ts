import { Migrator } from '../../src/migration/main.js'
import type { MigratedFileNode, MigratorOptions } from '../../src/migration/main.js'
import type { Database } from '../../src/database/database.js'
import { StratumCommand } from '../base_command.js'
import { debugging, fileFailure, fullStack, shortMessage } from '../helpers/cli_error.js'
import { elapsed } from '../helpers/format.js'

/** What a migration command asks of the migrator. */
export type RunOptions = Omit<MigratorOptions, 'connectionName' | 'cwd'> & {
  /** One summary line instead of a line per file. */
  compactOutput?: boolean
}

/**
 * Shared part of migration:run and migration:rollback: drives the Migrator
 * and prints Lucid's lines (`❯ migrated <file>`, `Migrated in 320 ms`,
 * `Already up to date`). On a TTY the running file shows as a live line.
 */
export abstract class MigrationsBase extends StratumCommand {
  /** Runs the migrator; sets exit code 1 when it ends in error. */
  protected async runMigrations(db: Database, connectionName: string, options: RunOptions) {
    const { compactOutput, ...migratorOptions } = options
    const migrator = new Migrator(db, { ...migratorOptions, connectionName, cwd: this.root })
    const up = options.direction === 'up'
    const live = Boolean(process.stdout.isTTY) && !compactOutput
    const start = process.hrtime.bigint()
    const printed = new Set<string>()

    migrator.on('migration:start', (node) => {
      // live line: rewritten in place by the file's final line
      if (!live) return
      const label = this.colors.dim(up ? 'migrating' : 'reverting')
      process.stdout.write(`\r\x1b[2K${this.colors.dim('❯')} ${label} ${node.file.name}`)
    })
    migrator.on('migration:completed', (node) => {
      printed.add(node.file.name)
      if (!compactOutput) this.#printFile(node, up, live)
    })
    let failed: MigratedFileNode | undefined
    migrator.on('migration:error', ({ file }) => {
      failed = file
      printed.add(file.file.name)
      this.#printFile({ ...file, status: 'error' }, up, live)
    })

    try {
      await migrator.run()
    } finally {
      await migrator.close()
    }

    // files after a failure never started: list them as pending
    for (const node of Object.values(migrator.migratedFiles)) {
      if (!printed.has(node.file.name) && node.status === 'pending' && !compactOutput) {
        this.#printFile(node, up, false)
      }
    }

    switch (migrator.status) {
      case 'completed': {
        if (compactOutput) {
          const count = Object.values(migrator.migratedFiles).filter(
            (node) => node.status === 'completed'
          ).length
          this.logger.log(
            `${this.colors.grey('❯')} Executed ${count} ${count === 1 ? 'migration' : 'migrations'}`
          )
        }
        if (options.dryRun) this.logger.info('Dry run: nothing was written to the database')
        this.logger.success(`${up ? 'Migrated' : 'Reverted'} in ${elapsed(start)}`)
        break
      }
      case 'skipped':
        // Lucid says "Already at latest batch" here, which is not what happened
        this.logger.info(up ? 'Already up to date' : 'Nothing to roll back')
        break
      case 'error':
        this.logger.error(
          failed
            ? fileFailure(migrator.error, failed.file)
            : debugging()
              ? fullStack(migrator.error)
              : shortMessage(migrator.error)
        )
        this.exitCode = 1
        break
    }
    return migrator
  }

  #printFile(node: MigratedFileNode, up: boolean, live: boolean) {
    const colors = this.colors
    let label: string
    switch (node.status) {
      case 'completed':
        label = colors.green(up ? 'migrated' : 'reverted')
        break
      case 'error':
        label = colors.red('error   ')
        break
      default:
        label = colors.yellow('pending ')
    }
    const line = `${colors.grey('❯')} ${label} ${node.file.name}`
    if (live) process.stdout.write('\r\x1b[2K')
    this.logger.log(line)
    if (node.queries.length) {
      for (const query of node.queries) this.logger.log(colors.dim(`  ${query}`))
    }
  }
}
