/**
 * Relation helpers of model instances: `related()`, `load()` and loading
 * relations for an array of models at once (`loadCount()`: lazy_aggregates.ts).
 */
import type { LucidModel, LucidRow } from '../../types/model.js'
import { Preloader, getRelationOrFail, type PreloadCallback } from '../preloader/preloader.js'
import { adapterOf } from './adapter_of.js'

/** `load('posts', cb?)`, or `load((loader) => loader.load('profile').load('posts'))`. */
export type LoadArguments =
  [name: string, callback?: PreloadCallback] | [loader: (preloader: Preloader) => void]

/** The client of `model.related(name)`. */
export function relatedClient(instance: LucidRow, name: string): unknown {
  const Model = instance.constructor as LucidModel
  const relation = getRelationOrFail(Model, name)
  return relation.client(instance, adapterOf(Model).modelClient(instance))
}

/** Loads relations for models of one class, in one query per relation and level. */
export async function loadRelations(models: LucidRow[], args: LoadArguments, onlyMissing: boolean) {
  if (models.length === 0) return
  const Model = models[0].constructor as LucidModel
  const preloader = new Preloader(Model)
  // `load()` hands the instance's sideloaded values on, as a query's preloads do (an
  // explicit `preloader.sideload()` in the callback still wins)
  const sideloaded = models.length === 1 ? models[0].$sideloaded : undefined
  if (sideloaded && Object.keys(sideloaded).length > 0) preloader.sideload(sideloaded)
  const [first, callback] = args
  if (typeof first === 'function') first(preloader)
  else preloader.load(first, callback)
  const client = adapterOf(Model).modelClient(models[0])
  await preloader.processAllForMany(models, client, onlyMissing)
}
