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
