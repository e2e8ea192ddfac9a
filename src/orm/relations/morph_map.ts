/**
 * The morph map: which string a polymorphic row stores for a model
 * (`commentable_type = 'post'`), and which model a stored string means.
 *
 * With an alias in the map, that alias is stored. Without one, the model's
 * class name is (`'Post'`): readable, but renaming the class orphans the
 * stored rows, so apps should map every polymorphic model. A class name is
 * resolved back to a model among the models the map lists and the models
 * that declared a morphOne/morphMany/morphToMany relation (or are the
 * related side of a morphedByMany); anything else is `E_UNKNOWN_MORPH_TYPE`.
 *
 * @example
 * Relation.morphMap({ post: () => Post, video: () => Video })
 */
import { E_UNKNOWN_MORPH_TYPE } from '../../errors.js'
import type { LucidModel } from '../../types/model.js'
import type { MorphMapInput } from '../../types/morph_map.js'

/** The process-wide morph registry (Laravel's `Relation::morphMap`). */
const registry = {
  map: new Map<string, () => LucidModel>(),
  enforced: false,
  /** Models known by class name (they declared a morph relation). */
  known: new Map<string, Set<LucidModel>>(),
}

/**
 * True when a stored type names a parent: null, undefined and the empty
 * string mean "no parent", as in Laravel (a legacy `''` loads null).
 */
export function hasMorphType(type: unknown): boolean {
  return type !== null && type !== undefined && type !== ''
}

/** Registers a model that can be the parent of a polymorphic row (by class name). */
export function registerMorphModel(Model: LucidModel): void {
  let models = registry.known.get(Model.name)
  if (!models) registry.known.set(Model.name, (models = new Set()))
  models.add(Model)
}

/** The alias of `Model` in the map, if it has one. */
function mappedAlias(Model: LucidModel): string | undefined {
  for (const [alias, resolve] of registry.map) if (resolve() === Model) return alias
  return undefined
}

/**
 * The type stored for `Model`: its alias in the morph map, else its class
 * name (refused with `E_UNKNOWN_MORPH_TYPE` once the map is enforced).
 */
export function morphAliasOf(Model: LucidModel): string {
  const alias = mappedAlias(Model)
  if (alias !== undefined) return alias
  if (registry.enforced) {
    throw new E_UNKNOWN_MORPH_TYPE(
      `"${Model.name}" has no alias in the enforced morph map. ` +
        `Add it: Relation.morphMap({ ${Model.name.toLowerCase()}: () => ${Model.name} })`
    )
  }
  return Model.name
}

/**
 * The model a stored type names, or `E_UNKNOWN_MORPH_TYPE` saying how to
 * make it known. `context` names the relation for the message.
 */
export function morphModelOf(type: string, context: string): LucidModel {
  const resolve = registry.map.get(type)
  if (resolve) return resolve()
  const known = registry.enforced ? undefined : registry.known.get(type)
  if (known && known.size === 1) return [...known][0]
  const aliases = [...registry.map.keys()].map((alias) => `"${alias}"`).join(', ')
  const reason =
    known && known.size > 1
      ? `several models are named "${type}"`
      : `no model answers to it (morph map: ${aliases || 'empty'})`
  throw new E_UNKNOWN_MORPH_TYPE(
    `Unknown morph type "${type}" in ${context}: ${reason}. ` +
      `Map it: Relation.morphMap({ ${JSON.stringify(type)}: () => Model })`
  )
}

/** Polymorphic relation settings shared by every model (Laravel's `Relation` statics). */
export class Relation {
  /**
   * Maps aliases to models: rows store the alias as their type. Merges
   * with the current map unless `merge` is false. Returns the map given, so
   * `MorphTypesOf<typeof map>` can type a `MorphTo`.
   */
  static morphMap<Map extends MorphMapInput>(map: Map, merge = true): Map {
    if (!merge) registry.map.clear()
    for (const [alias, resolve] of Object.entries(map)) {
      registry.map.set(alias, resolve as () => LucidModel)
    }
    return map
  }

  /** Like `morphMap()`, and from now on a model without an alias cannot be stored or resolved. */
  static enforceMorphMap<Map extends MorphMapInput>(map: Map, merge = true): Map {
    registry.enforced = true
    return Relation.morphMap(map, merge)
  }

  /** True when the morph map is enforced. */
  static requiresMorphMap(): boolean {
    return registry.enforced
  }

  /** The aliases of the morph map, and their models. */
  static getMorphMap(): Record<string, LucidModel> {
    return Object.fromEntries([...registry.map].map(([alias, resolve]) => [alias, resolve()]))
  }

  /** The model an alias (or, without a map entry, a known class name) stands for. */
  static getMorphedModel(type: string): LucidModel | undefined {
    try {
      return morphModelOf(type, 'Relation.getMorphedModel()')
    } catch {
      return undefined
    }
  }

  /** The type stored for a model: its alias, or its class name. */
  static getMorphAlias(Model: LucidModel): string {
    return morphAliasOf(Model)
  }

  /** Empties the morph map and lifts enforcement (tests use it between groups). */
  static clearMorphMap(): void {
    registry.map.clear()
    registry.enforced = false
  }
}

/** Every model the registry knows: the morph map's, then those that declared a morph relation. */
export function knownMorphModels(): LucidModel[] {
  const models = new Set<LucidModel>([...registry.map.values()].map((resolve) => resolve()))
  for (const group of registry.known.values()) for (const Model of group) models.add(Model)
  return [...models]
}
