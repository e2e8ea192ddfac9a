/**
 * Turning models into plain objects: `serialize()` for JSON (serialized
 * names, hidden columns, cherry picking) and `toObject()` for code.
 */
import type {
  CherryPick,
  CherryPickFields,
  LucidModel,
  LucidRow,
  ModelObject,
} from '../../types/model.js'

/** True when `key` survives the pick/omit lists (arrays mean pick). */
function keep(key: string, fields?: CherryPickFields | string[]): boolean {
  if (!fields) return true
  if (Array.isArray(fields)) return fields.includes(key)
  if (fields.pick && !fields.pick.includes(key)) return false
  if (fields.omit && fields.omit.includes(key)) return false
  return true
}

export function serializeAttributes(
  instance: LucidRow,
  fields: CherryPickFields | string[] | undefined,
  raw: boolean
): ModelObject {
  const Model = instance.constructor as LucidModel
  const target = instance as unknown as ModelObject
  const result: ModelObject = {}
  for (const attribute in instance.$attributes) {
    const column = Model.$columnsDefinitions.get(attribute)
    if (!column || column.serializeAs === null || !keep(column.serializeAs, fields)) continue
    const value = target[attribute]
    result[column.serializeAs] =
      column.serialize && !raw ? column.serialize(value, attribute, instance) : value
  }
  return result
}

export function serializeComputed(
  instance: LucidRow,
  fields?: CherryPickFields | string[]
): ModelObject {
  const Model = instance.constructor as LucidModel
  const target = instance as unknown as ModelObject
  const result: ModelObject = {}
  for (const [name, computed] of Model.$computedDefinitions) {
    if (computed.serializeAs === null || !keep(computed.serializeAs, fields)) continue
    result[computed.serializeAs] = target[name]
  }
  return result
}

/**
 * Every loaded relation under its serialized name. As in Lucid, cherry
 * picking only narrows the fields of the relations it names: relations it
 * does not name are serialized whole (hide one with `serializeAs: null`).
 */
export function serializeRelations(
  instance: LucidRow,
  cherryPick: CherryPick['relations'] | undefined,
  raw: boolean
): ModelObject {
  const Model = instance.constructor as LucidModel
  const result: ModelObject = {}
  for (const name of Object.keys(instance.$preloaded)) {
    const relation = Model.$relationsDefinitions.get(name) as
      { serializeAs?: string | null } | undefined
    const serializeAs = relation?.serializeAs === undefined ? name : relation.serializeAs
    if (serializeAs === null) continue
    const value = instance.$preloaded[name]
    if (raw) {
      result[serializeAs] = value
      continue
    }
    const pick = cherryPick?.[serializeAs]
    result[serializeAs] = Array.isArray(value)
      ? value.map((one) => one.serialize(pick))
      : value === null
        ? null
        : value.serialize(pick)
  }
  return result
}

export function serialize(instance: LucidRow, cherryPick?: CherryPick): ModelObject {
  const extrasOption = instance.serializeExtras
  let extras: ModelObject | undefined
  if (extrasOption === true) extras = { meta: instance.$extras }
  else if (typeof extrasOption === 'function') extras = extrasOption.call(instance)
  return {
    ...serializeAttributes(instance, cherryPick?.fields, false),
    ...serializeRelations(instance, cherryPick?.relations, false),
    ...serializeComputed(instance, cherryPick?.fields),
    ...extras,
  }
}

export function toObject(instance: LucidRow): ModelObject {
  const Model = instance.constructor as LucidModel
  const target = instance as unknown as ModelObject
  const preloaded: ModelObject = {}
  for (const [name, value] of Object.entries(instance.$preloaded)) {
    preloaded[name] = Array.isArray(value)
      ? value.map((one) => one.toObject())
      : (value?.toObject() ?? null)
  }
  const computed: ModelObject = {}
  for (const name of Model.$computedDefinitions.keys()) {
    const value = target[name]
    if (value !== undefined) computed[name] = value
  }
  return { ...instance.$attributes, ...preloaded, ...computed, $extras: instance.$extras }
}
