// Test support: the shared fixtures live beside the project (../shared/fixtures), never in
// it. Tests that need them skip, with this message, when someone cloned only the project.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);

export const fixturesAvailable = existsSync(fileURLToPath(FIXTURES));

export const SKIP_WITHOUT_FIXTURES = `needs ../shared/fixtures (${fileURLToPath(FIXTURES)}), which is absent`;

export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(relative, FIXTURES));
}

export function readFixtureText(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}

/** A describe() title that says why the suite is skipped when the fixtures are missing. */
export function fixtureSuite(title: string): string {
  return fixturesAvailable ? title : `${title} [skipped: ${SKIP_WITHOUT_FIXTURES}]`;
}
