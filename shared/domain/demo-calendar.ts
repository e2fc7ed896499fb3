/**
 * Demo calendar: Indonesia's national holidays for 2026 and 2027 (the dates of the lunar-calendar
 * holidays are the expected ones; each year's joint ministerial decree, SKB 3 Menteri, fixes them)
 * and each city's anniversary, on which its library closes. Administrators keep the real calendar.
 * staff-development seeds it; collections uses it so that its demo due dates fall on open days.
 */
export const NATIONAL_HOLIDAYS: [string, string][] = [
  ['2026-01-01', 'Tahun Baru 2026 Masehi'],
  ['2026-01-16', 'Isra Mikraj Nabi Muhammad SAW'],
  ['2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'],
  ['2026-03-19', 'Hari Suci Nyepi (Tahun Baru Saka 1948)'],
  ['2026-03-20', 'Idul Fitri 1447 H'],
  ['2026-03-21', 'Idul Fitri 1447 H'],
  ['2026-04-03', 'Wafat Yesus Kristus'],
  ['2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)'],
  ['2026-05-01', 'Hari Buruh Internasional'],
  ['2026-05-14', 'Kenaikan Yesus Kristus'],
  ['2026-05-27', 'Idul Adha 1447 H'],
  ['2026-05-31', 'Hari Raya Waisak 2570 BE'],
  ['2026-06-01', 'Hari Lahir Pancasila'],
  ['2026-06-16', 'Tahun Baru Islam 1448 H'],
  ['2026-08-17', 'Hari Kemerdekaan Republik Indonesia'],
  ['2026-08-25', 'Maulid Nabi Muhammad SAW'],
  ['2026-12-25', 'Hari Raya Natal'],
  ['2027-01-01', 'Tahun Baru 2027 Masehi'],
  ['2027-01-05', 'Isra Mikraj Nabi Muhammad SAW'],
  ['2027-02-06', 'Tahun Baru Imlek 2578 Kongzili'],
  ['2027-03-09', 'Hari Suci Nyepi (Tahun Baru Saka 1949)'],
  ['2027-03-10', 'Idul Fitri 1448 H'],
  ['2027-03-11', 'Idul Fitri 1448 H'],
  ['2027-03-26', 'Wafat Yesus Kristus'],
  ['2027-03-28', 'Kebangkitan Yesus Kristus (Paskah)'],
  ['2027-05-01', 'Hari Buruh Internasional'],
  ['2027-05-06', 'Kenaikan Yesus Kristus'],
  ['2027-05-17', 'Idul Adha 1448 H'],
  ['2027-05-20', 'Hari Raya Waisak 2571 BE'],
  ['2027-06-01', 'Hari Lahir Pancasila'],
  ['2027-06-06', 'Tahun Baru Islam 1449 H'],
  ['2027-08-15', 'Maulid Nabi Muhammad SAW'],
  ['2027-08-17', 'Hari Kemerdekaan Republik Indonesia'],
  ['2027-12-25', 'Hari Raya Natal'],
];

/** City anniversaries (month-day), on which the city's library is closed. */
export const CITY_ANNIVERSARIES: Record<string, [string, string]> = {
  kupang: ['04-25', 'Hari Ulang Tahun Kota Kupang'],
  baubau: ['10-17', 'Hari Ulang Tahun Kota Baubau'],
  pasuruan: ['02-08', 'Hari Jadi Kota Pasuruan'],
  'pematang-siantar': ['04-24', 'Hari Jadi Kota Pematang Siantar'],
};

/**
 * Published opening hours per library, [ISO weekday, opens, closes] in its own zone: every weekday
 * not in CLOSED_WEEKDAYS, service hours of a municipal library (shorter on Friday for the midday
 * prayer, and on Saturday where it opens).
 */
export const OPENING_HOURS: Record<string, [weekday: number, opensAt: string, closesAt: string][]> = {
  kupang: [
    [1, '08:00', '16:00'],
    [2, '08:00', '16:00'],
    [3, '08:00', '16:00'],
    [4, '08:00', '16:00'],
    [5, '08:00', '15:30'],
    [6, '09:00', '13:00'],
  ],
  baubau: [
    [1, '07:30', '15:30'],
    [2, '07:30', '15:30'],
    [3, '07:30', '15:30'],
    [4, '07:30', '15:30'],
    [5, '07:30', '15:00'],
    [6, '08:00', '12:00'],
  ],
  pasuruan: [
    [1, '08:00', '16:00'],
    [2, '08:00', '16:00'],
    [3, '08:00', '16:00'],
    [4, '08:00', '16:00'],
    [5, '08:00', '15:00'],
    [6, '08:00', '14:00'],
  ],
  'pematang-siantar': [
    [1, '08:00', '16:00'],
    [2, '08:00', '16:00'],
    [3, '08:00', '16:00'],
    [4, '08:00', '16:00'],
    [5, '08:00', '16:30'],
  ],
};

/** Weekly closed days per library (ISO: 6 = Saturday, 7 = Sunday). */
export const CLOSED_WEEKDAYS: Record<string, number[]> = {
  kupang: [7],
  baubau: [7],
  pasuruan: [7],
  'pematang-siantar': [6, 7],
};
