/** JsonLogic truthiness (jsonlogic.com/truthy): JavaScript's, except that an empty array is false. */
export function truthy(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.length !== 0;
  return !!value;
}
