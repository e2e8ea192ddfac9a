import {
  CheckViolation,
  type ConstraintDetails,
  type DatabaseConstraintError,
  ForeignKeyViolation,
  NotNullViolation,
  UniqueViolation,
} from '../../errors.js'

export type ConstraintKind = 'unique' | 'foreignKey' | 'notNull' | 'check'

const classes = {
  unique: UniqueViolation,
  foreignKey: ForeignKeyViolation,
  notNull: NotNullViolation,
  check: CheckViolation,
}

const summaries: Record<ConstraintKind, string> = {
  unique: 'Unique constraint violated',
  foreignKey: 'Foreign key constraint violated',
  notNull: 'Not null constraint violated',
  check: 'Check constraint violated',
}

/**
 * Builds the typed error every dialect mapper returns, with a message naming
 * what the driver told us, and the driver error as `cause`.
 */
export function constraintError(
  kind: ConstraintKind,
  details: ConstraintDetails,
  cause: unknown
): DatabaseConstraintError {
  const where = [
    details.table && `table "${details.table}"`,
    details.columns?.length && `columns (${details.columns.join(', ')})`,
    details.constraint && `constraint "${details.constraint}"`,
  ].filter(Boolean)
  const driverMessage = cause instanceof Error ? cause.message : String(cause)
  const message = `${summaries[kind]}${where.length ? ` on ${where.join(', ')}` : ''}: ${driverMessage}`
  return new classes[kind](message, details, cause)
}
