import { E_UNMANAGED_DB_CONNECTION } from '../../errors.js'
import { resolveDriver } from '../dialects/main.js'
import type {
  ConnectionConfig,
  ConnectionManagerContract,
  ConnectionNode as ConnectionNodeContract,
  DatabaseEvents,
  DatabaseLogger,
  EmitterContract,
} from '../../types/database.js'
import { checkConnectionConfig } from './config_checks.js'
import { Connection } from './connection.js'

/** What the manager knows of one named connection. */
export interface ConnectionNode extends ConnectionNodeContract {
  /** Created on first use; kept, disconnected, after a close. */
  connection?: Connection
}

/**
 * Keeps the named connections of a Database: their config, and the open
 * Connection of each once it is first used. Connections are lazy.
 */
export class ConnectionManager implements ConnectionManagerContract {
  readonly connections = new Map<string, ConnectionNode>()

  constructor(
    private readonly emitter: EmitterContract<DatabaseEvents>,
    private readonly logger?: DatabaseLogger
  ) {}

  /** Registers a connection config, refusing one that cannot work; a taken name is kept. */
  add(name: string, config: ConnectionConfig): void {
    if (this.connections.has(name)) return
    checkConnectionConfig(name, config)
    this.connections.set(name, { name, config, state: 'registered' })
  }

  /**
   * Opens a registered connection (no-op when it is open). A closed one
   * reopens the same Connection, so clients still holding it share its pools.
   */
  connect(name: string): void {
    const node = this.#node(name)
    if (node.state === 'open') return
    node.connection ??= this.#create(node)
    node.connection.connect()
  }

  /** A Connection whose every (re)connect marks its node open and is announced. */
  #create(node: ConnectionNode): Connection {
    const connection = new Connection(node.name, node.config, this.logger)
    connection.onConnect = () => {
      node.state = 'open'
      this.emitter.emit('db:connection:connect', { connection: node.name, name: node.name })
    }
    return connection
  }

  /** The node of a registered connection, or undefined. */
  get(name: string): ConnectionNode | undefined {
    return this.connections.get(name)
  }

  /** True when a connection of that name is registered. */
  has(name: string): boolean {
    return this.connections.has(name)
  }

  /** True when the connection is open. */
  isConnected(name: string): boolean {
    return this.connections.get(name)?.state === 'open'
  }

  /**
   * Replaces a connection's config; an open connection is closed first. A
   * client Stratum cannot run is refused before anything is closed: the
   * working connection stays.
   */
  async patch(name: string, config: ConnectionConfig): Promise<void> {
    resolveDriver(name, config.client)
    checkConnectionConfig(name, config)
    await this.close(name, true)
    this.connections.set(name, { name, config, state: 'registered' })
  }

  /**
   * Closes a connection: open transactions are rolled back, pools destroyed.
   * A client still holding it reconnects on its next query (and the manager
   * closes that again); with `release` the config is forgotten and such a
   * client gets E_UNMANAGED_DB_CONNECTION instead.
   */
  async close(name: string, release = false): Promise<void> {
    const node = this.connections.get(name)
    if (!node) return
    const connection = node.connection
    const wasOpen = node.state === 'open'
    if (wasOpen) node.state = 'closed'
    if (release) {
      this.connections.delete(name)
      node.connection = undefined
      connection?.retire()
    }
    if (connection && wasOpen) {
      await connection.disconnect()
      this.emitter.emit('db:connection:disconnect', { connection: name, name })
    }
  }

  /** Closes every connection. */
  async closeAll(release = false): Promise<void> {
    for (const name of [...this.connections.keys()]) await this.close(name, release)
  }

  /** Closes a connection and forgets its config. */
  async release(name: string): Promise<void> {
    await this.close(name, true)
  }

  /** The open Connection of a name, opening it when needed. */
  open(name: string): Connection {
    const node = this.#node(name)
    if (node.state !== 'open') this.connect(name)
    return node.connection!
  }

  #node(name: string): ConnectionNode {
    const node = this.connections.get(name)
    if (!node) {
      const known = [...this.connections.keys()].map((key) => `"${key}"`).join(', ')
      throw new E_UNMANAGED_DB_CONNECTION(
        `Cannot connect to unregistered connection "${name}". Registered connections: ${known || 'none'}. ` +
          'Add it under "connections" in your database config.'
      )
    }
    return node
  }
}
