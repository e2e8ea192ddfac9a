/** The relation kinds (a leaf: the relation contracts and key contracts name them). */

/** The polymorphic relation kinds. */
export type MorphRelationType =
  'morphTo' | 'morphOne' | 'morphMany' | 'morphToMany' | 'morphedByMany'

/** The relation kinds. */
export type RelationType =
  'hasOne' | 'hasMany' | 'belongsTo' | 'manyToMany' | 'hasManyThrough' | MorphRelationType
