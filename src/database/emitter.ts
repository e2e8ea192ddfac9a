import { EventEmitter } from 'node:events'
import type { DatabaseEvents, EmitterContract } from '../types/database.js'

type Listener<Payload> = (payload: Payload) => void

/**
 * A small typed wrapper over node's EventEmitter: the events and their
 * payloads are known at compile time, no framework needed.
 */
export class Emitter<Events extends object = DatabaseEvents> implements EmitterContract<Events> {
  #emitter = new EventEmitter()

  /** Listen to every occurrence of `event`. */
  on<Name extends keyof Events & string>(event: Name, listener: Listener<Events[Name]>): this {
    this.#emitter.on(event, listener)
    return this
  }

  /** Listen to the next occurrence of `event` only. */
  once<Name extends keyof Events & string>(event: Name, listener: Listener<Events[Name]>): this {
    this.#emitter.once(event, listener)
    return this
  }

  /** Stop listening. */
  off<Name extends keyof Events & string>(event: Name, listener: Listener<Events[Name]>): this {
    this.#emitter.off(event, listener)
    return this
  }

  /** Emit an event to its listeners. */
  emit<Name extends keyof Events & string>(event: Name, payload: Events[Name]): boolean {
    return this.#emitter.emit(event, payload)
  }

  /** True when somebody listens to `event`: lets hot paths skip building payloads. */
  hasListeners(event: keyof Events & string): boolean {
    return this.#emitter.listenerCount(event) > 0
  }

  /** Remove every listener (of one event, or all). */
  clearListeners(event?: keyof Events & string): void {
    if (event) this.#emitter.removeAllListeners(event)
    else this.#emitter.removeAllListeners()
  }
}
