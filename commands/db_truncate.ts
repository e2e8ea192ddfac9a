import type { Knex } from 'knex'
import { withoutSqliteForeignKeys } from '../src/database/dialects/sqlite.js'
import { StratumCommand } from './base_command.js'
import { CliError } from './helpers/cli_error.js'

/** Default name of the migrations schema table (the Migrator's). */
const SCHEMA_TABLE = 'stratum_schema'

/** `db:truncate`: empties every table except the migration bookkeeping tables. */
export default class DbTruncate extends StratumCommand {
  static commandName = 'db:truncate'
  static description = 'Truncate all tables in database'

  declare force?: boolean

  static {
    this.defineFlag('force', {
      type: 'boolean',
      description: 'Explicitly force command to run in production',
    })
  }

  async run() {
    this.assertCanRunInProduction(this.force, 'empty every table')
    await this.withDatabase(async ({ db, connectionName, connection }) => {
      const client = db.connection(connectionName)
      const knex = client.getWriteClient() as Knex
      const schemaTable = connection.migrations?.tableName ?? SCHEMA_TABLE
      const ignored = connection.wipe?.ignoreTables ?? []
      const keep = new Set([schemaTable, `${schemaTable}_lock`, ...ignored])
      const tables = (await client.dialect.getAllTables(knex)).filter((table) => !keep.has(table))
      const truncateAll = async () => {
        for (const table of tables) await client.dialect.truncate(knex, table, true)
      }
      if (client.dialect.name === 'sqlite') {
        // SQLite checks foreign keys on each DELETE: a parent sorted before its child would fail
        await withoutSqliteForeignKeys(knex, truncateAll)
      } else if (client.dialect.name === 'postgres' && ignored.length && tables.length) {
        // CASCADE would empty an ignored table that references one of them: one statement instead
        await truncateKeeping(knex, tables)
      } else {
        await truncateAll()
      }
      this.logger.success('Truncated tables successfully')
    })
  }
}

/**
 * PostgreSQL: empties `tables` in one statement without CASCADE, so the
 * tables of `wipe.ignoreTables` keep their rows; one of them referencing a
 * table being emptied is refused by the server, and nothing is emptied.
 */
async function truncateKeeping(knex: Knex, tables: string[]) {
  try {
    await knex.raw('TRUNCATE ?? RESTART IDENTITY', [tables])
  } catch (error) {
    const { code, detail } = error as { code?: string; detail?: string }
    // 0A000: "cannot truncate a table referenced in a foreign key constraint"
    if (code !== '0A000') throw error
    throw new CliError(
      `Cannot empty the tables and keep wipe.ignoreTables: ${detail ?? (error as Error).message} ` +
        'Nothing was truncated. Take the referencing table out of wipe.ignoreTables, or drop its ' +
        'foreign key.'
    )
  }
}
