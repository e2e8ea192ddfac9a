/**
 * Where a builder's rows sit in the relation graph of one `make()`,
 * `makeStubbed()` or `create()` call. A `with()`/`has()` or
 * `hasAttached()` entry has one place for all its parent rows (and a
 * nested entry one below it), so a Sequence there keeps counting across
 * the parents, as Laravel's `$sequence->index` does.
 */
export class GraphPlace {
  /** Rows handed out so far by each `sequence()` of the builder, by the position of the call. */
  readonly sequenced: number[] = []
  #withs?: GraphPlace[]
  #attached?: GraphPlace[]

  /** The place of the builder's `with()`/`has()` entry at `index`. */
  with(index: number): GraphPlace {
    return ((this.#withs ??= [])[index] ??= new GraphPlace())
  }

  /** The place of the builder's `hasAttached()` entry at `index`. */
  attached(index: number): GraphPlace {
    return ((this.#attached ??= [])[index] ??= new GraphPlace())
  }

  /**
   * The running index of the first of `count` rows for each `sequence()`
   * entry of `states` (undefined: none), the rows counted as handed out.
   */
  claim(states: readonly { kind: string }[], count: number): number[] | undefined {
    let starts: number[] | undefined
    let position = 0
    for (const entry of states) {
      if (entry.kind !== 'sequence') continue
      const start = this.sequenced[position] ?? 0
      this.sequenced[position] = start + count
      ;(starts ??= []).push(start)
      position++
    }
    return starts
  }
}
