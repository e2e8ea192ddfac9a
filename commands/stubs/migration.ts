/** Template of make:migration: `create` makes the table, `alter` changes it. */
export function migrationStub(options: { tableName: string; action: 'create' | 'alter' }): string {
  const { tableName } = options
  if (options.action === 'alter') {
    return `import { BaseSchema } from 'stratum/schema'

export default class extends BaseSchema {
  protected tableName = '${tableName}'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {})
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {})
  }
}
`
  }
  return `import { BaseSchema } from 'stratum/schema'

export default class extends BaseSchema {
  protected tableName = '${tableName}'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')

      table.timestamp('created_at')
      table.timestamp('updated_at')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
`
}

/** A side of a pivot table: its key column and the table and column it references. */
export interface PivotSide {
  column: string
  table: string
  key: string
}

/** Template of `make:migration --pivot`: the pivot table of a many-to-many, one row per pair. */
export function pivotMigrationStub(tableName: string, sides: [PivotSide, PivotSide]): string {
  const columns = sides
    .map(
      (side) =>
        `      table.integer('${side.column}').unsigned().notNullable()` +
        `.references('${side.table}.${side.key}').onDelete('CASCADE')`
    )
    .join('\n')
  return `import { BaseSchema } from 'stratum/schema'

export default class extends BaseSchema {
  protected tableName = '${tableName}'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
${columns}
      table.unique(['${sides[0].column}', '${sides[1].column}'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
`
}
