/**
 * `stratum/types/events`: the events of the database under Lucid's module
 * name (`@adonisjs/lucid/types/events`). Stratum emits them on `db.emitter`
 * (`db.on('db:query', listener)`).
 */
import type { DatabaseEvents } from './query_client.js'

/** The events and their payloads (`'db:query'` ...). */
export type EventsList = DatabaseEvents
