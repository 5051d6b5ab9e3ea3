/** A catalogue of the same shape as the German source, with every leaf a string. */
export type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> }

/** 'a.b.c' for every leaf of a nested catalogue. */
export type DotPaths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : DotPaths<T[K], `${P}${K}.`>
}[keyof T & string]
