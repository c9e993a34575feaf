import { describe, expect, it } from 'vitest';
import { distanceKm, etaMinutes } from './eta.js';

const berlin = { lat: 52.52, lon: 13.405 };
const potsdam = { lat: 52.3906, lon: 13.0645 };

describe('eta', () => {
  it('computes a plausible distance', () => {
    expect(distanceKm(berlin, potsdam)).toBeCloseTo(27, 0);
  });

  it('rounds the ETA up to whole minutes', () => {
    expect(etaMinutes(berlin, potsdam)).toBe(58);
  });

  it('rejects a non-positive speed', () => {
    expect(() => etaMinutes(berlin, potsdam, 0)).toThrow(RangeError);
  });
});
