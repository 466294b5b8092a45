import type { Evaluator } from "../evaluation-context.js";
import { toGeoPoint, type GeoPoint } from "../geo/geo-point.js";
import { haversineKm } from "../geo/haversine.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * Geo operators for "near the store" targeting. Points are `{lat, lon}` (or lng / latitude,
 * longitude) objects or `[lat, lon]` arrays, in degrees. Invalid points give null / false.
 */

const POINT_HELP = "is not a point: use {\"lat\": 48.85, \"lon\": 2.35} or [48.85, 2.35] (latitude first)";

/** A point argument: parsed once when known, else parsed per evaluation. */
function pointArg(site: OperationSite, index: number): (data: unknown, context: Parameters<Evaluator>[1]) => GeoPoint | undefined {
  const arg = site.args[index] as CompiledArgument;
  if (arg.known) {
    const point = toGeoPoint(arg.value);
    if (point === undefined) site.problem(`${JSON.stringify(arg.value)} ${POINT_HELP}`, index);
    return () => point;
  }
  const evaluate = arg.evaluate;
  return (data, context) => toGeoPoint(evaluate(data, context));
}

/** `distance_km`: [pointA, pointB] → great-circle distance in km, or null. */
function compileDistance(site: OperationSite): Evaluator {
  const a = pointArg(site, 0);
  const b = pointArg(site, 1);
  return (data, context) => {
    const from = a(data, context);
    const to = b(data, context);
    return from === undefined || to === undefined ? null : haversineKm(from, to);
  };
}

/** `within_radius`: [point, center, radiusKm] → true when the point lies within radiusKm of center. */
function compileWithinRadius(site: OperationSite): Evaluator {
  const point = pointArg(site, 0);
  const center = pointArg(site, 1);
  const radiusArg = site.args[2] as CompiledArgument;
  if (radiusArg.known && !(typeof radiusArg.value === "number" && radiusArg.value >= 0)) {
    site.problem(`radius must be a number of km >= 0, got ${JSON.stringify(radiusArg.value)}`, 2);
  }
  const radius = radiusArg.evaluate;
  return (data, context) => {
    const p = point(data, context);
    const c = center(data, context);
    const km = radius(data, context);
    return p !== undefined && c !== undefined && typeof km === "number" && km >= 0 && haversineKm(p, c) <= km;
  };
}

export const geoOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["distance_km", { minArgs: 2, maxArgs: 2, pure: true, compile: compileDistance }],
  ["within_radius", { minArgs: 3, maxArgs: 3, pure: true, compile: compileWithinRadius }],
]);
