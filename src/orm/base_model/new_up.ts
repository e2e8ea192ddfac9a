/**
 * `newUp`: the unsaved instance the finders and bulk writers create for a
 * payload row that matched no existing row.
 */
import type { LucidModel, ModelAssignOptions, ModelObject, ModelValues } from '../../types/model.js'

type Instance<Model extends LucidModel> = InstanceType<Model>

/** A new unsaved instance filled with `values`, bound to the options' client/connection. */
export function newUp<Model extends LucidModel>(
  Model: Model,
  values: ModelObject,
  options?: ModelAssignOptions
): Instance<Model> {
  const instance = new Model() as Instance<Model>
  instance.$setOptionsAndTrx(options)
  instance.merge(values as ModelValues<Instance<Model>>, options?.allowExtraProperties ?? false)
  return instance
}
