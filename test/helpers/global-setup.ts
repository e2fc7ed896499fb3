import { createRunDir, removeAbandonedRunDirs, TEMPLATES_ENV } from './template-run';

/**
 * Jest global setup: a folder for this run's test templates (test/helpers/templates.ts), named to
 * the workers through the environment. The templates themselves are built on first use.
 */
export default async function globalSetup(): Promise<void> {
  await removeAbandonedRunDirs();
  process.env[TEMPLATES_ENV] = createRunDir();
}
