/**
 * The SoftDeletes mixin: `delete()` sets `deletedAt` instead of removing the
 * row, queries leave trashed rows out (see ModelQueryBuilder), and
 * `restore()` / `forceDelete()` undo or finish the job.
 *
 * @example
 * class User extends compose(BaseModel, SoftDeletes) {}
 * await user.delete()          // UPDATE users SET deleted_at = now
 * await User.query().withTrashed()
 */
import { DateTime } from 'luxon'
import type { BaseModel } from './base_model/base_model.js'
import { ensureNotDeleted } from './base_model/attributes.js'
import { adapterOf } from './base_model/adapter_of.js'
import { runAfterCommitHooks, runHooks } from './base_model/hooks.js'
import { deleteModel, prepareForAdapter, rowNotFoundOnUpdate } from './base_model/persistence.js'
import { rememberState } from './base_model/transaction_state.js'
import { dateColumnOptions } from './decorators/date_columns.js'
import type { LucidModel, LucidRow, ModelObject } from '../types/model.js'

/** A class type whose constructor takes any arguments (what TypeScript mixins need). */
export type NormalizeConstructor<T extends abstract new (...args: never) => unknown> = {
  new (...args: any[]): InstanceType<T>
} & Omit<T, 'constructor'>

/**
 * Writes `deletedAt` (a DateTime, or null to restore) straight to the row;
 * `E_ROW_NOT_FOUND` when no row has the model's key.
 */
async function writeDeletedAt(instance: LucidRow, value: DateTime | null) {
  const Model = instance.constructor as LucidModel
  const attribute = Model.$softDeleteColumn!
  ;(instance as ModelObject)[attribute] = value
  const client = adapterOf(Model).modelClient(instance)
  const affected = await instance
    .$getQueryFor('update', client)
    .update(prepareForAdapter(instance, { [attribute]: value }))
  if (affected === 0) throw rowNotFoundOnUpdate(instance)
  instance.$original[attribute] = value
}

async function softDelete(instance: LucidRow, quiet: boolean) {
  ensureNotDeleted(instance)
  // a rollback of the transaction brings back deletedAt as it is now
  rememberState(instance, instance.$trx)
  const Model = instance.constructor as LucidModel
  if (!quiet) await runHooks(Model, 'before:delete', instance)
  await writeDeletedAt(instance, DateTime.local())
  if (!quiet) {
    await runHooks(Model, 'after:delete', instance)
    await runAfterCommitHooks(instance, 'delete')
  }
}

/** What `SoftDeletes` adds to a model instance. */
export interface SoftDeletesRow {
  /** When the row was soft deleted; null while it is not. */
  deletedAt: DateTime | null
  /** True while the row is soft deleted. */
  readonly $isTrashed: boolean
  /** Clears `deletedAt`, bringing the row back into default queries. */
  restore(): Promise<this>
  /** Removes the row for good (delete hooks run) and freezes the instance. */
  forceDelete(): Promise<void>
}

/**
 * The class `SoftDeletes` returns: the base class, whose instances also
 * carry `SoftDeletesRow` (a mixin constructor type, so `this` stays the
 * final model in `restore()`, `fill()`, `useTransaction()` ...).
 */
export type SoftDeletesClass<Base> = Base & (new (...args: any[]) => SoftDeletesRow)

export function SoftDeletes<Base extends NormalizeConstructor<typeof BaseModel>>(
  superclass: Base
): SoftDeletesClass<Base> {
  class SoftDeletesModel extends superclass {
    static override $softDeleteColumn = 'deletedAt'

    /** When the row was soft deleted; null while it is not. */
    declare deletedAt: DateTime | null

    /** True while the row is soft deleted. */
    get $isTrashed(): boolean {
      const Model = this.constructor as LucidModel
      return Boolean(this.$attributes[Model.$softDeleteColumn!])
    }

    /** Soft deletes: sets `deletedAt` (delete hooks run). */
    override async delete(): Promise<void> {
      await softDelete(this, false)
    }

    /** Soft deletes without hooks. */
    override async deleteQuietly(): Promise<void> {
      await softDelete(this, true)
    }

    /** Clears `deletedAt`, bringing the row back into default queries. */
    async restore(): Promise<this> {
      ensureNotDeleted(this)
      if (!this.$isTrashed) return this
      rememberState(this, this.$trx)
      await writeDeletedAt(this, null)
      return this
    }

    /** Removes the row for good (delete hooks run) and freezes the instance. */
    async forceDelete(): Promise<void> {
      await deleteModel(this, false)
    }
  }
  SoftDeletesModel.$addColumn('deletedAt', dateColumnOptions('datetime'))
  return SoftDeletesModel
}
