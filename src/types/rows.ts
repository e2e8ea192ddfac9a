/**
 * A row of a query that was given no row type (`db.from('users')`): each
 * column reads as `any`, as in Lucid. Pass a row type to get typed rows:
 * `db.from<{ id: number; email: string }>('users')`.
 */
export type UntypedRow = Record<string, any>
