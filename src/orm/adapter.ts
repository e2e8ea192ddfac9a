import type { Database } from '../database/database.js'
import type { QueryValue } from '../types/query_values.js'
import { E_MISSING_MODEL_ATTRIBUTE, E_ROW_NOT_FOUND } from '../errors.js'
import type { QueryClientContract } from '../types/database.js'
import type {
  AdapterContract,
  LucidModel,
  LucidRow,
  ModelAdapterOptions,
  ModelObject,
} from '../types/model.js'
import { persistedKeyValue } from './base_model/finders.js'
import { rowNotFoundOnUpdate } from './base_model/persistence.js'
import { builtInQueryFor, builtInRowWrites, deleteRow, insertRow, updateRow } from './known_writes.js'
import { ModelQueryBuilder } from './query_builder/model_query_builder.js'
import type { ModelQueryBuilderContract } from '../types/model_query.js'

/**
 * The bridge between models and a Database: picks the client a model or an
 * instance runs on and performs its inserts, updates, deletes and refreshes.
 *
 * @example
 * BaseModel.useAdapter(new Adapter(db))
 */
export class Adapter implements AdapterContract {
  constructor(readonly db: Database) {}

  /** The client a model class uses: the given client, connection, or its own. */
  modelConstructorClient(Model: LucidModel, options?: ModelAdapterOptions): QueryClientContract {
    if (options?.client) return options.client
    return this.db.connection(options?.connection ?? Model.connection)
  }

  /** The client an instance uses: its transaction, else its connection. */
  modelClient(instance: LucidRow): QueryClientContract {
    const trx = instance.$trx
    if (trx) return trx
    return this.modelConstructorClient(instance.constructor as LucidModel, instance.$options)
  }

  /** A model query builder on the model's client. */
  query<Model extends LucidModel>(
    Model: Model,
    options?: ModelAdapterOptions
  ): ModelQueryBuilderContract<Model> {
    return ModelQueryBuilder.forModel(Model, this.modelConstructorClient(Model, options))
  }

  /** Inserts the row and reads back the generated primary key. */
  async insert(instance: LucidRow, attributes: Record<string, unknown>): Promise<void> {
    const Model = instance.constructor as LucidModel
    const primaryKey = Model.$keys.attributesToColumns.get(Model.primaryKey, Model.primaryKey)
    const client = this.modelClient(instance)
    const result = builtInQueryFor.has(instance.$getQueryFor)
      ? await insertRow(client, Model.table, attributes, primaryKey)
      : await instance.$getQueryFor('insert', client).returning(primaryKey).insert(attributes)
    if (Model.selfAssignPrimaryKey || !Array.isArray(result)) return
    const first = result[0]
    const value = first !== null && typeof first === 'object' ? first[primaryKey] : first
    // mysql answers 0 for tables without an auto increment key
    if (value !== undefined && value !== null && value !== 0) {
      instance.$consumeAdapterResult({ [primaryKey]: value })
    }
  }

  /**
   * Updates the row with the given column values; `E_ROW_NOT_FOUND` when no
   * row has the model's key (never a silent success: the write would be lost).
   */
  async update(instance: LucidRow, attributes: ModelObject): Promise<void> {
    const client = this.modelClient(instance)
    const affected = builtInQueryFor.has(instance.$getQueryFor)
      ? await updateRow(client, tableOf(instance), attributes, ...rowKey(instance, 'update'))
      : await instance.$getQueryFor('update', client).update(attributes)
    if (affected === 0) throw rowNotFoundOnUpdate(instance)
  }

  /** Deletes the row. */
  async delete(instance: LucidRow): Promise<void> {
    const client = this.modelClient(instance)
    if (builtInQueryFor.has(instance.$getQueryFor)) {
      await deleteRow(client, tableOf(instance), ...rowKey(instance, 'delete'))
    } else {
      await instance.$getQueryFor('delete', client).del()
    }
  }

  /** Reloads the instance's attributes from its row. */
  async refresh(instance: LucidRow): Promise<void> {
    const Model = instance.constructor as LucidModel
    const fresh = await instance.$getQueryFor('refresh', this.modelClient(instance)).first()
    if (!fresh) {
      const primaryKey = Model.$keys.attributesToColumns.get(Model.primaryKey, Model.primaryKey)
      throw new E_ROW_NOT_FOUND(
        `"Model.refresh" failed. Unable to lookup "${Model.table}" table where "${primaryKey}" = ${String(instance.$primaryKeyValue)}`,
        { model: Model.name, table: Model.table }
      )
    }
    instance.fill((fresh as LucidRow).$attributes)
    instance.$hydrateOriginals()
  }
}

function tableOf(instance: LucidRow): string {
  return (instance.constructor as LucidModel).table
}

/** The key column of the instance's row, and its value as stored (what `$getQueryFor` filters on). */
function rowKey(instance: LucidRow, action: 'update' | 'delete'): [string, QueryValue] {
  const Model = instance.constructor as LucidModel
  const column = Model.$keys.attributesToColumns.get(Model.primaryKey, Model.primaryKey)
  const value = persistedKeyValue(instance)
  // knex would fail on the undefined binding with an untyped error
  if (value === undefined || value === null) {
    throw new E_MISSING_MODEL_ATTRIBUTE(
      `Cannot ${action} the "${Model.name}" row: its primary key "${Model.primaryKey}" has no value. ` +
        'Fetch the model with its key selected, or set the key'
    )
  }
  return [column, value]
}

// createMany batches rows only while a model's adapter inserts as this one does
builtInRowWrites.add(Adapter.prototype.insert)
