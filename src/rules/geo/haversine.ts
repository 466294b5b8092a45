import { asin } from "../../math/asin.js";
import { cosPi, sinPi } from "../../math/sin-cos-pi.js";
import type { GeoPoint } from "./geo-point.js";

/** Mean Earth radius (IUGG), km. Haversine on a sphere errs by at most ~0.5% against the ellipsoid. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * Great-circle distance in km between two points (haversine formula). The trigonometry is
 * src/math's (sin and cos of half turns, asin), not `Math.sin` / `Math.cos` / `Math.asin`: the same
 * points give the same bits in every JavaScript engine, so `within_radius` decides alike on a server
 * and in a browser.
 */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  // Degrees / 180 = half turns, reduced exactly: sin(Δφ/2) = sinPi(Δlat / 360).
  const sinLat = sinPi((b.lat - a.lat) / 360);
  const sinLon = sinPi((b.lon - a.lon) / 360);
  const h = sinLat * sinLat + cosPi(a.lat / 180) * cosPi(b.lat / 180) * sinLon * sinLon;
  return 2 * EARTH_RADIUS_KM * asin(Math.min(1, Math.sqrt(h)));
}
