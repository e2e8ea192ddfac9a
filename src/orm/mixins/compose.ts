/** A mixin: a function taking a class and returning a subclass of it. */
export type Mixin<Base, Result> = (superclass: Base) => Result

/**
 * Applies mixins to a base class, left to right (Lucid's `compose`).
 *
 * @example
 * class User extends compose(BaseModel, SoftDeletes) {}
 */
export function compose<Base, A>(superclass: Base, mixinA: Mixin<Base, A>): A
export function compose<Base, A, B>(
  superclass: Base,
  mixinA: Mixin<Base, A>,
  mixinB: Mixin<A, B>
): B
export function compose<Base, A, B, C>(
  superclass: Base,
  mixinA: Mixin<Base, A>,
  mixinB: Mixin<A, B>,
  mixinC: Mixin<B, C>
): C
export function compose<Base, A, B, C, D>(
  superclass: Base,
  mixinA: Mixin<Base, A>,
  mixinB: Mixin<A, B>,
  mixinC: Mixin<B, C>,
  mixinD: Mixin<C, D>
): D
export function compose(superclass: unknown, ...mixins: Mixin<unknown, unknown>[]): unknown {
  return mixins.reduce((current, mixin) => mixin(current), superclass)
}
