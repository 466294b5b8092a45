/**
 * What stops `nudgekit audience` because of its inputs rather than a bug: a file DuckDB cannot
 * read, a column of the wrong type, a rule SQL cannot say, DuckDB not installed. The command
 * prints the message and exits with 1.
 */
export class AudienceInputError extends Error {
  override readonly name = "AudienceInputError";
}
