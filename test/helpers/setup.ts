import 'reflect-metadata';

// Hashes in tests cost scrypt's N = 2^12 instead of the default 2^15: the tests check what a
// sign-in does, not what it costs (`npm run bench:signin` measures that at the configured N), and
// a few hundred hashes at the real cost take seconds each on a loaded machine.
process.env.AUTH_SCRYPT_N ??= String(2 ** 12);
