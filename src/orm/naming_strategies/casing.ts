import { camelCase as changeCamelCase, snakeCase as changeSnakeCase } from 'change-case'

/**
 * The casing Lucid's naming strategies use (its string helpers, built on
 * case-anything): a run of digits is a word of its own, so `address2` is
 * the column `address_2`, `Player2` the table `player_2s`, and camel case
 * joins the words back without a separator (`player_1_id` -> `player1Id`).
 * change-case alone keeps digits inside the word (`address2`), so a Lucid
 * model with a digit in an attribute or class name would read and write a
 * column or table its database does not have.
 */
export function snakeCase(value: string): string {
  return changeSnakeCase(value, { separateNumbers: true })
}

/** Camel case with digits as words, joined without `_` (`version_2_name` -> `version2Name`). */
export function camelCase(value: string): string {
  return changeCamelCase(value, { separateNumbers: true, mergeAmbiguousCharacters: true })
}
