/**
 * An input type that also takes read-only values: every object, array and tuple in it read-only,
 * so that `createEngine` accepts a config written `as const`. Mutable values are accepted as
 * before; nudgekit never writes into what it is given.
 */
export type ReadonlyInput<T> = T extends object ? { readonly [K in keyof T]: ReadonlyInput<T[K]> } : T;
