/**
 * Turning models into plain objects: `serialize()` for JSON (serialized
 * names, hidden columns, cherry picking) and `toObject()` for code.
 */
import { classSlot, setOwnSlot } from './class_slots.js'
import type {
  CherryPick,
  CherryPickFields,
  LucidModel,
  LucidRow,
  ModelColumnOptions,
  ModelObject,
} from '../../types/model.js'
import {
  compileSerializer,
  hasKeyOrder,
  type CompiledSerializer,
  type SerializedColumn,
} from './serializer_compiler.js'
import {
  pendingBits,
  rawSerializers,
  readAttribute,
  settledAttributes,
  storedAttributes,
  takeSnapshot,
} from './lazy_values.js'
import { beginDateTexts, endDateTexts } from '../decorators/date_text.js'

/** True when `key` survives the pick/omit lists (arrays mean pick). */
function keep(key: string, fields?: CherryPickFields | string[]): boolean {
  if (!fields) return true
  if (Array.isArray(fields)) return fields.includes(key)
  if (fields.pick && !fields.pick.includes(key)) return false
  if (fields.omit && fields.omit.includes(key)) return false
  return true
}

// each writer fills a given object, so serialize() builds one object, not four

/** What serialize() needs to know about a model, worked out once per model. */
interface SerializePlan {
  Model: LucidModel
  /** The columns Map and size it was made from: a column added later makes a new plan. */
  columns: Map<string, unknown>
  size: number
  /**
   * True when every column is serialized under its attribute name, without
   * a serialize function or getter and not hidden: the attributes can then
   * be copied with one spread, which V8 clones far faster than key by key.
   */
  asIs: boolean
  /** Each column by attribute, with what a value still pending needs. */
  entries: Map<string, ColumnEntry>
  /**
   * The attribute order last serialized, its entries and its compiled
   * serializer: models of one result share their key order.
   */
  order: string[]
  ordered: (ColumnEntry | undefined)[]
  compiled: CompiledSerializer | undefined
  /** Serializers compiled so far, by key order (a few shapes per model). */
  serializers: Map<string, CompiledSerializer | undefined>
}

type ColumnEntry = SerializedColumn

const MAX_SERIALIZERS = 32

/**
 * Plans live on the model class under a symbol (a property read, where a
 * WeakMap lookup cost a tenth of serialize()); `Model` tells a subclass from
 * the parent it inherits the property from.
 */
const planKey = classSlot('stratum.serializePlan', () => undefined)

function planOf(Model: LucidModel): SerializePlan {
  const columns = Model.$columnsDefinitions
  const cached = Reflect.get(Model, planKey) as SerializePlan | undefined
  if (
    cached !== undefined &&
    cached.Model === Model &&
    cached.columns === columns &&
    cached.size === columns.size
  ) {
    return cached
  }
  return buildPlan(Model, columns)
}

/** Kept apart from `planOf`, whose cached path stays small enough for V8 to inline. */
function buildPlan(Model: LucidModel, columns: Map<string, ModelColumnOptions>): SerializePlan {
  let asIs = true
  const lazy = Model.$hydrationPlan().lazy
  const entries = new Map<string, ColumnEntry>()
  for (const [attribute, column] of columns) {
    if (column.serializeAs !== attribute || column.serialize || column.hasGetter) asIs = false
    const lazyColumn = lazy.find((candidate) => candidate.attribute === attribute)
    const text =
      lazyColumn && column.serialize && !column.hasGetter
        ? rawSerializers.get(column.serialize)
        : undefined
    entries.set(attribute, {
      attribute,
      key: column.serializeAs,
      serialize: column.serialize,
      hasGetter: column.hasGetter,
      bit: lazyColumn ? 1 << lazyColumn.bit : 0,
      text,
    })
  }
  const plan: SerializePlan = {
    Model,
    columns,
    size: columns.size,
    asIs,
    entries,
    order: [],
    ordered: [],
    compiled: undefined,
    serializers: new Map(),
  }
  setOwnSlot(Model, planKey, plan)
  return plan
}

/** Learns the key order of `attributes` (next models of the same result match it). */
function learnOrder(plan: SerializePlan, attributes: ModelObject) {
  const order = Object.keys(attributes)
  plan.order = order
  plan.ordered = order.map((attribute) => plan.entries.get(attribute))
  const signature = order.join('\0')
  if (!plan.serializers.has(signature)) {
    if (plan.serializers.size >= MAX_SERIALIZERS) plan.serializers.clear()
    plan.serializers.set(signature, compileSerializer(plan.ordered))
  }
  plan.compiled = plan.serializers.get(signature)
}

/** Every column of the model under its serialized name, through the compiled serializer. */
function serializeColumns(instance: LucidRow, plan: SerializePlan): ModelObject {
  // JSON values leave in the result: `$original` needs its copy of them first
  takeSnapshot(instance)
  const attributes = storedAttributes(instance)
  if (plan.compiled === undefined || !hasKeyOrder(attributes, plan.order)) {
    learnOrder(plan, attributes)
  }
  const compiled = plan.compiled
  if (compiled === undefined) return writeAttributes({}, instance, undefined, false, plan)
  return compiled(attributes, pendingBits(instance), instance)
}

function writeAttributes(
  into: ModelObject,
  instance: LucidRow,
  fields: CherryPickFields | string[] | undefined,
  raw: boolean,
  plan = planOf(instance.constructor as LucidModel)
): ModelObject {
  // JSON values leave in the result: `$original` needs its copy of them first
  takeSnapshot(instance)
  const attributes = storedAttributes(instance)
  const pending = pendingBits(instance)
  let { order, ordered } = plan
  let index = 0
  for (const attribute in attributes) {
    let entry: ColumnEntry | undefined
    if (order[index] === attribute) {
      entry = ordered[index++]
    } else {
      learnOrder(plan, attributes)
      ;({ order, ordered } = plan)
      index = order.indexOf(attribute)
      entry = ordered[index++]
    }
    if (entry === undefined) continue
    const key = entry.key
    if (key === null || (fields !== undefined && !keep(key, fields))) continue
    if ((pending & entry.bit) !== 0) {
      // a date never read: its text straight from the driver's value, when provable
      const text = raw || entry.text === undefined ? undefined : entry.text(attributes[attribute])
      if (text !== undefined) {
        into[key] = text
        continue
      }
      readAttribute(instance, attribute)
    }
    // a user getter shapes the value; otherwise skip the accessor call
    const value = entry.hasGetter ? (instance as ModelObject)[attribute] : attributes[attribute]
    into[key] =
      entry.serialize !== undefined && !raw ? entry.serialize(value, attribute, instance) : value
  }
  return into
}

function writeComputed(
  into: ModelObject,
  instance: LucidRow,
  fields: CherryPickFields | string[] | undefined
): ModelObject {
  const definitions = (instance.constructor as LucidModel).$computedDefinitions
  if (definitions.size === 0) return into
  const target = instance as ModelObject
  for (const [name, computed] of definitions) {
    const key = computed.serializeAs
    if (key === null || (fields !== undefined && !keep(key, fields))) continue
    // as in Lucid, a getter returning undefined adds no key
    const value = target[name]
    if (value !== undefined) into[key] = value
  }
  return into
}

function writeRelations(
  into: ModelObject,
  instance: LucidRow,
  cherryPick: CherryPick['relations'] | undefined,
  raw: boolean
): ModelObject {
  const preloaded = instance.$loadedRelations()
  if (preloaded === undefined) return into
  const relations = (instance.constructor as LucidModel).$relationsDefinitions
  for (const name in preloaded) {
    const relation = relations.get(name) as { serializeAs?: string | null } | undefined
    const serializeAs = relation?.serializeAs === undefined ? name : relation.serializeAs
    if (serializeAs === null) continue
    const value = preloaded[name]
    if (raw) {
      into[serializeAs] = value
      continue
    }
    const pick = cherryPick?.[serializeAs]
    into[serializeAs] = Array.isArray(value)
      ? value.map((one) => one.serialize(pick))
      : value === null
        ? null
        : value.serialize(pick)
  }
  return into
}

export function serializeAttributes(
  instance: LucidRow,
  fields: CherryPickFields | string[] | undefined,
  raw: boolean
): ModelObject {
  return writeAttributes({}, instance, fields, raw)
}

export function serializeComputed(
  instance: LucidRow,
  fields?: CherryPickFields | string[]
): ModelObject {
  return writeComputed({}, instance, fields)
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
  return writeRelations({}, instance, cherryPick, raw)
}

/** A copy of attributes made key by key (their keys are declared column names). */
function copyOf(attributes: ModelObject): ModelObject {
  const copy: ModelObject = {}
  for (const key in attributes) copy[key] = attributes[key]
  return copy
}

/** Depth of nested `serialize()` calls (relations serialize their models). */
let depth = 0

/** Attributes, then relations, then computed values, then extras (later keys win, as in Lucid). */
export function serialize(instance: LucidRow, cherryPick?: CherryPick): ModelObject {
  if (depth > 0) return serializeModel(instance, cherryPick)
  // dates' zone and day offsets are read once per outermost call (date_text.ts)
  beginDateTexts()
  depth++
  try {
    return serializeModel(instance, cherryPick)
  } finally {
    depth--
    endDateTexts()
  }
}

function serializeModel(instance: LucidRow, cherryPick?: CherryPick): ModelObject {
  const Model = instance.constructor as LucidModel
  const fields = cherryPick?.fields
  const hasRelations = instance.$loadedRelations() !== undefined
  const hasComputed = Model.$computedDefinitions.size > 0
  const extrasOption = instance.serializeExtras
  const plan = planOf(Model)
  let result: ModelObject
  if (fields === undefined && plan.asIs) {
    // a spread clones fastest, but adding keys to its clone was 10x slower
    // (5 us per driver row) than to an object filled key by key
    result =
      hasRelations || hasComputed || extrasOption
        ? copyOf(settledAttributes(instance))
        : { ...settledAttributes(instance) }
  } else if (fields === undefined) {
    result = serializeColumns(instance, plan)
  } else {
    result = {}
    writeAttributes(result, instance, fields, false, plan)
  }
  if (hasRelations) writeRelations(result, instance, cherryPick?.relations, false)
  if (hasComputed) writeComputed(result, instance, fields)
  if (extrasOption === true) result.meta = instance.$extras
  else if (typeof extrasOption === 'function') assignOwn(result, extrasOption.call(instance))
  return result
}

/**
 * Copies keys as data: `Object.assign` would turn a `__proto__` key (from
 * JSON.parse) into a prototype swap of the serialized object.
 */
function assignOwn(target: ModelObject, source: ModelObject) {
  for (const [key, value] of Object.entries(source ?? {})) {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
}

export function toObject(instance: LucidRow): ModelObject {
  const Model = instance.constructor as LucidModel
  const target = instance as ModelObject
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
