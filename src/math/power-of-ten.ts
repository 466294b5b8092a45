/**
 * 10^n for an integer n, correctly rounded, the same bits on every JavaScript engine: read from the
 * decimal literal `1e<n>`, since turning a numeric string into a Number is exactly specified, while
 * `10 ** n` and `Math.pow(10, n)` are only approximations that engines may round differently.
 *
 * @example
 * powerOfTen(2); //=> 100
 * powerOfTen(-3); //=> 0.001
 * powerOfTen(23); //=> 1e23 (the double nearest 10^23)
 */
export function powerOfTen(n: number): number {
  return Number(`1e${n}`);
}
