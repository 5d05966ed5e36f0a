import { describe, expect, it } from 'vitest';
import { zoneFor } from './look-fields';

const zones = ['browser', 'utc', 'Europe/Berlin', 'Europe/Bern', 'America/New_York', 'America/Argentina/Buenos_Aires'];

describe('time zone field', () => {
  it("takes a zone's name, or the first letters of one zone's city", () => {
    expect(zoneFor('berl', zones)).toBe('Europe/Berlin');
    expect(zoneFor('new york', zones)).toBe('America/New_York');
    expect(zoneFor('buenos', zones)).toBe('America/Argentina/Buenos_Aires');
    expect(zoneFor('UTC', zones)).toBe('utc');
    expect(zoneFor('europe/berlin', zones)).toBe('Europe/Berlin');
  });

  it('leaves what matches several zones, or none, as typed (the core explains)', () => {
    expect(zoneFor('ber', zones)).toBe('ber');
    expect(zoneFor('Mars/Olympus', zones)).toBe('Mars/Olympus');
    expect(zoneFor(null, zones)).toBeNull();
  });
});
