/** Template of make:model (Lucid's model stub, importing from `stratum/orm`). */
export function modelStub(options: { className: string; connection?: string }): string {
  const connection = options.connection ? `\n  static connection = '${options.connection}'\n` : ''
  return `import { DateTime } from 'luxon'
import { BaseModel, column } from 'stratum/orm'

export default class ${options.className} extends BaseModel {${connection}
  @column({ isPrimary: true })
  declare id: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
`
}
