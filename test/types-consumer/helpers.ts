/** Fails to compile unless `Actual` and `Expected` are the same type. */
export type Equals<Actual, Expected> =
  (<T>() => T extends Actual ? 1 : 2) extends <T>() => T extends Expected ? 1 : 2 ? true : false

/** `expectTypeOf(value).toEqual<Expected>(true)` compiles only when the types are equal. */
export function expectTypeOf<Actual>(_value: Actual) {
  return { toEqual<Expected>(_proof: Equals<Actual, Expected>) {} }
}

/** True when `T` is `any` (the published types must not leak it). */
export type IsAny<T> = 0 extends 1 & T ? true : false

/** `expectNotAny(value)` compiles only when the value is not typed `any`. */
export function expectNotAny<T>(_value: T, ..._proof: IsAny<T> extends true ? [never] : []) {}
