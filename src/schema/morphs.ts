/**
 * Polymorphic column helpers on knex's table builder, registered once when
 * this module loads (BaseSchema imports it):
 * `table.morphs('commentable')` adds `commentable_type` (string),
 * `commentable_id` (unsigned integer, as `increments()` keys are) and one
 * index over both; `nullableMorphs` the same, nullable; `uuidMorphs` /
 * `nullableUuidMorphs` with a uuid id.
 *
 * @example
 * this.schema.createTable('comments', (table) => {
 *   table.increments('id')
 *   table.morphs('commentable')
 * })
 */
import knex, { type Knex } from 'knex'

declare module 'knex' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Knex {
    interface TableBuilder {
      /** `<name>_type` and `<name>_id` (unsigned integer), not null, with an index over both. */
      morphs(name: string, indexName?: string): Knex.TableBuilder
      /** `morphs()` with nullable columns (a row that may point to nothing). */
      nullableMorphs(name: string, indexName?: string): Knex.TableBuilder
      /** `morphs()` with a uuid `<name>_id`. */
      uuidMorphs(name: string, indexName?: string): Knex.TableBuilder
      /** `uuidMorphs()` with nullable columns. */
      nullableUuidMorphs(name: string, indexName?: string): Knex.TableBuilder
    }
  }
}

/** Length of the type column: room for any alias or class name, and indexable on MySQL with utf8mb4. */
const typeLength = 191

type IdKind = 'integer' | 'uuid'

/** Adds both columns and their index. */
function addMorphs(
  table: Knex.TableBuilder,
  name: string,
  indexName: string | undefined,
  id: IdKind,
  nullable: boolean
): Knex.TableBuilder {
  const type = table.string(`${name}_type`, typeLength)
  const key = id === 'uuid' ? table.uuid(`${name}_id`) : table.integer(`${name}_id`).unsigned()
  if (nullable) {
    type.nullable()
    key.nullable()
  } else {
    type.notNullable()
    key.notNullable()
  }
  table.index([`${name}_type`, `${name}_id`], indexName)
  return table
}

const helpers: Record<string, [IdKind, boolean]> = {
  morphs: ['integer', false],
  nullableMorphs: ['integer', true],
  uuidMorphs: ['uuid', false],
  nullableUuidMorphs: ['uuid', true],
}

/** Registers the helpers on knex's TableBuilder (once per process; knex refuses a second time). */
export function registerMorphHelpers(): void {
  // the flag lives on knex's class: a second copy of this module must not register again
  if (Reflect.get(knex.TableBuilder, 'morphsRegistered') === true) return
  for (const [method, [id, nullable]] of Object.entries(helpers)) {
    knex.TableBuilder.extend(
      method,
      function (this: Knex.TableBuilder, name: string, indexName?: string) {
        return addMorphs(this, name, indexName, id, nullable)
      }
    )
  }
  Reflect.set(knex.TableBuilder, 'morphsRegistered', true)
}

registerMorphHelpers()
