import { addDays, isoWeekday, localDate, offsetMinutes, todayIn, zonedToUtc } from '../shared/platform/time';

describe('library time zones', () => {
  it('puts 09:00 in Kupang (WITA) at 01:00 UTC and 09:00 in Pasuruan (WIB) at 02:00 UTC', () => {
    expect(zonedToUtc('2026-11-07', '09:00', 'Asia/Makassar').toISOString()).toBe('2026-11-07T01:00:00.000Z');
    expect(zonedToUtc('2026-11-07', '09:00', 'Asia/Jakarta').toISOString()).toBe('2026-11-07T02:00:00.000Z');
  });

  it('counts an instant late in the UTC evening as the next day in Indonesia', () => {
    const instant = new Date('2026-11-06T16:30:00Z');
    expect(localDate(instant, 'Asia/Makassar')).toBe('2026-11-07');
    expect(localDate(instant, 'Asia/Jakarta')).toBe('2026-11-06');
    expect(todayIn('Asia/Makassar', instant)).toBe('2026-11-07');
  });

  it('knows the offsets of WITA and WIB', () => {
    expect(offsetMinutes(new Date(), 'Asia/Makassar')).toBe(480);
    expect(offsetMinutes(new Date(), 'Asia/Jakarta')).toBe(420);
  });

  it('adds days across month ends and names ISO weekdays', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(isoWeekday('2026-11-22')).toBe(7); // a Sunday
    expect(isoWeekday('2026-11-23')).toBe(1);
  });
});
