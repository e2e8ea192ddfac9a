import type { ModelKeysContract, ModelKeysSet } from '../types/model_metadata.js'

export type { ModelKeysSet }

/**
 * A two-way name map of a model (attribute -> column, column -> attribute,
 * ...). `get` falls back to the given default so unknown keys pass through.
 */
export class ModelKeys implements ModelKeysContract {
  // a Map: user keys such as `constructor` or `__proto__` must not hit Object.prototype
  private keys: Map<string, string>

  constructor(keys: Record<string, string> | Map<string, string> = {}) {
    this.keys = keys instanceof Map ? new Map(keys) : new Map(Object.entries(keys))
  }

  /** Records a mapping. */
  add(key: string, value: string): void {
    this.keys.set(key, value)
  }

  /** The mapped value, or `defaultValue` when the key is unknown. */
  get(key: string, defaultValue: string): string
  get(key: string, defaultValue?: string): string | undefined
  get(key: string, defaultValue?: string): string | undefined {
    return this.keys.get(key) ?? defaultValue
  }

  /** Maps the last segment of a qualified key (`users.createdAt` -> `users.created_at`). */
  resolve(key: string): string {
    const dot = key.lastIndexOf('.')
    if (dot === -1) return this.keys.get(key) ?? key
    const last = key.slice(dot + 1)
    return `${key.slice(0, dot + 1)}${this.keys.get(last) ?? last}`
  }

  /** Every mapping, as a plain object without a prototype. */
  all(): Record<string, string> {
    return Object.assign(Object.create(null), Object.fromEntries(this.keys))
  }

  /** An independent copy (subclasses extend their parent's keys). */
  clone(): ModelKeys {
    return new ModelKeys(this.keys)
  }
}

/** A fresh (or copied) set of key maps. */
export function createKeysSet(parent?: ModelKeysSet): ModelKeysSet {
  return {
    attributesToColumns: parent?.attributesToColumns.clone() ?? new ModelKeys(),
    attributesToSerialized: parent?.attributesToSerialized.clone() ?? new ModelKeys(),
    columnsToAttributes: parent?.columnsToAttributes.clone() ?? new ModelKeys(),
    columnsToSerialized: parent?.columnsToSerialized.clone() ?? new ModelKeys(),
    serializedToAttributes: parent?.serializedToAttributes.clone() ?? new ModelKeys(),
    serializedToColumns: parent?.serializedToColumns.clone() ?? new ModelKeys(),
  }
}
