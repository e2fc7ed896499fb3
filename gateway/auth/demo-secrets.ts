/** The one password of every demo staff, partner, government and admin account (public: never seeded in production). */
export const DEMO_PASSWORD = 'baca-buku-2026';
/** The PIN of every demo member account. */
export const DEMO_PIN = '135792';
