import type { Knex } from 'knex'
import type { ReferenceBuilderContract } from '../../../types/query_values.js'

/**
 * A column reference (`db.ref('users.id')`), quoted by knex where it is used:
 * compare two columns without sending one of them as a string binding.
 */
export class ReferenceBuilder implements ReferenceBuilderContract {
  #schema?: string
  #alias?: string

  constructor(readonly ref: string) {}

  /** Qualifies the reference with a schema. */
  withSchema(schema: string): this {
    this.#schema = schema
    return this
  }

  /** Aliases the reference. */
  as(alias: string): this {
    this.#alias = alias
    return this
  }

  /** The knex reference this stands for, on the given knex instance. */
  toKnex(client: Knex): Knex.Ref<string, Record<string, string>> {
    let ref = client.ref(this.ref)
    if (this.#schema) ref = ref.withSchema(this.#schema)
    if (this.#alias) ref = ref.as(this.#alias) as typeof ref
    return ref
  }
}
