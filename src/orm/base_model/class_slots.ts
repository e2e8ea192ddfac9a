/**
 * Caches Stratum keeps on each model class, under symbols (a property read
 * costs a tenth of a WeakMap lookup), all defined when the class boots.
 *
 * V8 compiles hot code against the hidden class of the model class itself
 * (the model constructor reads its caches as it builds each instance). A
 * cache defined later, at the first query or the first serialize(),
 * changed that hidden class and deoptimized every function compiled
 * against it: the second query's hydration ran unoptimized until V8
 * compiled it again (a third of that query's hydration time on MySQL).
 */

type Init = (Model: object) => unknown

const slots: { key: symbol; init: Init }[] = []

/** A cache slot on every model class, initialized by `init` when the class boots. */
export function classSlot(description: string, init: Init): symbol {
  const key = Symbol(description)
  slots.push({ key, init })
  return key
}

/** The class's own value of a slot; a class that has not booted gets its slots now. */
export function ownSlot<Value>(Model: object, key: symbol): Value {
  if (!Object.hasOwn(Model, key)) defineClassSlots(Model)
  return Reflect.get(Model, key) as Value
}

/** Replaces the class's own value of a slot (the slot stays: the class keeps its hidden class). */
export function setOwnSlot(Model: object, key: symbol, value: unknown): void {
  if (!Object.hasOwn(Model, key)) defineClassSlots(Model)
  Reflect.set(Model, key, value)
}

/** Defines the class's own slots (boot). */
export function defineClassSlots(Model: object): void {
  for (const { key, init } of slots) {
    if (Object.hasOwn(Model, key)) continue
    Object.defineProperty(Model, key, { value: init(Model), configurable: true, writable: true })
  }
}
