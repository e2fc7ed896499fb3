import { removeRunDir, TEMPLATES_ENV } from './template-run';

/** Jest global teardown: drops this run's template databases and removes its template folder. */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env[TEMPLATES_ENV];
  if (dir) await removeRunDir(dir);
  delete process.env[TEMPLATES_ENV];
}
