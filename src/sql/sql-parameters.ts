import type { SqlDialect } from "./sql-dialect.js";

/**
 * The bound parameters of one query. A value gets a token while the SQL is built (a value that the
 * final SQL does not use, such as one side of a comparison decided by its types, binds nothing);
 * `finish` numbers the tokens the SQL uses, in order (a positional dialect binds a value once per use).
 */
export class SqlParameters {
  readonly #values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}

  readonly #tokens = new Map<string, string>();

  /** The token of a value (the same value, the same token: a query's equal literals are one parameter). */
  add(value: unknown): string {
    const key = `${typeof value}:${Object.is(value, -0) ? "-0" : String(value)}`;
    let token = this.#tokens.get(key);
    if (token === undefined) {
      this.#values.push(value);
      token = `\u0000${this.#values.length - 1}\u0000`;
      this.#tokens.set(key, token);
    }
    return token;
  }

  /** The SQL with each token as a placeholder, and the values to bind in their order. */
  finish(sql: string): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const numbers = new Map<string, string>();
    const text = sql.replace(/\u0000(\d+)\u0000/g, (_token, index: string) => {
      let placeholder = this.dialect.positional ? undefined : numbers.get(index);
      if (placeholder === undefined) {
        params.push(this.#values[Number(index)]);
        placeholder = this.dialect.parameter(params.length);
        numbers.set(index, placeholder);
      }
      return placeholder;
    });
    return { sql: text, params };
  }
}
