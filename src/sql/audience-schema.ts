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
  /** The raw event log the behavioural operators read: one row per event, its time a UTC TIMESTAMP. */
  readonly events?: {
    readonly table: string;
    readonly userId: string;
    readonly name: string;
    readonly time: string;
  };
}
