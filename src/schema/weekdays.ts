/** Days of the week as configs name them, indexed as Date#getDay counts (0 = Sunday). Kept apart from the schemas: the engine's schedule step reads it at run time. */
export const WEEKDAYS = Object.freeze(["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const);
export type Weekday = (typeof WEEKDAYS)[number];
