import type { Knex } from 'knex'
import { withoutSqliteForeignKeys } from '../src/database/dialects/sqlite.js'
import { StratumCommand } from './base_command.js'

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
      const keep = new Set([
        schemaTable,
        `${schemaTable}_lock`,
        ...(connection.wipe?.ignoreTables ?? []),
      ])
      const tables = (await client.dialect.getAllTables(knex)).filter((table) => !keep.has(table))
      const truncateAll = async () => {
        for (const table of tables) await client.dialect.truncate(knex, table, true)
      }
      // SQLite checks foreign keys on each DELETE: a parent sorted before its child would fail
      if (client.dialect.name === 'sqlite') await withoutSqliteForeignKeys(knex, truncateAll)
      else await truncateAll()
      this.logger.success('Truncated tables successfully')
    })
  }
}
