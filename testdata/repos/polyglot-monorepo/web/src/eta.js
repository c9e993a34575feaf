const EARTH_RADIUS_KM = 6371;

const rad = (deg) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres between two {lat, lon} points. */
export function distanceKm(a, b) {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

/** Minutes to destination at an average urban speed, rounded up. */
export function etaMinutes(from, to, avgKmh = 28) {
  if (avgKmh <= 0) throw new RangeError('average speed must be positive');
  return Math.ceil((distanceKm(from, to) / avgKmh) * 60);
}
