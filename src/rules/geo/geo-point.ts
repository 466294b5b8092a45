import { MISSING, ownProperty } from "../semantics/property-path.js";

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

function coordinate(value: unknown, limit: number): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
}

function firstOwn(holder: unknown, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = ownProperty(holder, key);
    if (value !== MISSING) return value;
  }
  return undefined;
}

/**
 * A point from data: `{ lat, lon }`, `{ lat, lng }`, `{ latitude, longitude }`, or `[lat, lon]`.
 * Note the array order is latitude first (not GeoJSON's longitude-first). Degrees, WGS 84.
 */
export function toGeoPoint(value: unknown): GeoPoint | undefined {
  let lat: number | undefined;
  let lon: number | undefined;
  if (Array.isArray(value)) {
    if (value.length !== 2) return undefined;
    lat = coordinate(value[0], 90);
    lon = coordinate(value[1], 180);
  } else if (typeof value === "object" && value !== null) {
    lat = coordinate(firstOwn(value, ["lat", "latitude"]), 90);
    lon = coordinate(firstOwn(value, ["lon", "lng", "longitude"]), 180);
  }
  return lat === undefined || lon === undefined ? undefined : { lat, lon };
}
