import type { ColumnType } from "./audience-schema.js";

export type FragmentType = ColumnType | "null";

/** A value: its SQL, its type, and whether it can be NULL (a missing attribute). */
export interface Fragment {
  readonly sql: string;
  readonly type: FragmentType;
  readonly nullable: boolean;
}
