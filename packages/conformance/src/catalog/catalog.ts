import { catalogFor } from '../profiles/catalogs.ts';
import type { ProfileName } from '../profiles/names.ts';
import type { EventSpec } from './model.ts';

// The Codex catalog stays importable from here (its data lives in src/profiles/codex/catalog.ts).
export { CATALOG, EVENT, REDACTED } from '../profiles/codex/catalog.ts';

/**
 * The catalog entry of an event in a profile's catalog (Codex's when no profile is named), or
 * `undefined` when the name is outside that catalog.
 */
export function findEvent(name: string | undefined, profile?: ProfileName): EventSpec | undefined {
  return catalogFor(profile).events.find((e) => e.name === name);
}
