import type { Knex } from 'knex'
import { StratumCommand } from './base_command.js'
import { dropAllTypes, type TypeKind } from '../src/database/schema_objects.js'

/** `db:wipe`: drops every table (and views/types when asked) of a connection. */
export default class DbWipe extends StratumCommand {
  static commandName = 'db:wipe'
  static description = 'Drop all tables, views and types in database'

  declare dropViews?: boolean
  declare dropTypes?: boolean
  declare dropDomains?: boolean
  declare force?: boolean

  static {
    this.defineFlag('dropViews', { type: 'boolean', description: 'Drop all views' })
    this.defineFlag('dropTypes', {
      type: 'boolean',
      description: 'Drop all custom types: enum, composite and domain (PostgreSQL only)',
    })
    this.defineFlag('dropDomains', {
      type: 'boolean',
      description: 'Drop all domains (PostgreSQL only)',
    })
    this.defineFlag('force', {
      type: 'boolean',
      description: 'Explicitly force command to run in production',
    })
  }

  async run() {
    this.assertCanRunInProduction(this.force, 'drop every table')
    await this.withDatabase(async ({ db, connectionName }) => {
      const client = db.connection(connectionName)
      const knex = client.getWriteClient() as Knex
      const dialect = client.dialect.name
      if (this.dropViews) {
        await client.dropAllViews()
        this.logger.success('Dropped views successfully')
      }
      await client.dropAllTables()
      this.logger.success('Dropped tables successfully')
      const kinds: TypeKind[] = this.dropTypes ? ['e', 'c', 'd'] : this.dropDomains ? ['d'] : []
      if (kinds.length) {
        const what = this.dropTypes ? 'types' : 'domains'
        if (dialect === 'postgres') {
          await dropAllTypes(knex, kinds)
          this.logger.success(`Dropped ${what} successfully`)
        } else {
          this.logger.warning(
            `Custom ${what} exist on PostgreSQL only; nothing to drop on ${dialect}`
          )
        }
      }
    })
  }
}
