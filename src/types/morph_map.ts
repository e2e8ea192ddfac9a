/**
 * The morph map's types: the models a `morphTo` may point to, by the type
 * stored in the row. Kept apart from the relation contracts so the morph
 * map registry depends on them alone.
 */
import type { LucidModelBase } from './model_base.js'

/**
 * The models a `morphTo` may point to, by the type stored in the row:
 * `{ post: typeof Post; video: typeof Video }` (keys are the morph map
 * aliases, or the class names when the model has no alias).
 */
export type MorphTypes = Record<string, LucidModelBase>

/** What `Relation.morphMap()` takes: aliases mapped to functions returning models. */
export type MorphMapInput = Record<string, () => LucidModelBase>

/** `MorphTypes` of a morph map: `MorphTypesOf<typeof morphs>` gives `{ post: typeof Post, ... }`. */
export type MorphTypesOf<Map extends MorphMapInput> = {
  [Alias in keyof Map]: ReturnType<Map[Alias]>
}
