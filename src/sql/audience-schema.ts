/** Where the data lives: the profiles table, its id, and the column of each attribute a rule reads. */
export type ColumnType = "number" | "text" | "boolean";

export interface AttributeColumn {
  readonly column: string;
  readonly type: ColumnType;
}

export interface AudienceSchema {
  readonly profiles: {
    readonly table: string;
    /** The user id column. */
    readonly id: string;
    /** Per rule path (`user.attributes.plan`): its column and type. A NULL is a missing attribute. */
    readonly attributes: Readonly<Record<string, AttributeColumn>>;
  };
  /**
   * The raw event log the behavioural operators read: one row per event (deduplicated: the
   * aggregates' dedupe by event id is not repeated in SQL), its time a UTC TIMESTAMP.
   */
  readonly events?: {
    readonly table: string;
    readonly userId: string;
    readonly name: string;
    readonly time: string;
    /**
     * Per declared numeric property (`amount`): its column, a number type. A NULL is an event
     * without the property. A property without a column here is read from `json`.
     */
    readonly properties?: Readonly<Record<string, string>>;
    /** A JSON column (DuckDB `JSON`, PostgreSQL `jsonb`) holding each event's properties object. */
    readonly json?: string;
  };
}
