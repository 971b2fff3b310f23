import type { Catalog } from '../catalog/model.ts';
import { CATALOG as CODEX_CATALOG } from './codex/catalog.ts';
import { DEFAULT_PROFILE, type ProfileName } from './names.ts';

/**
 * The catalog of each profile, by name: data only, so that checks can look a run's catalog up without
 * importing the profiles' requirements (no import cycle). A profile adds its catalog here.
 */
const CATALOGS: Partial<Record<ProfileName, Catalog>> = {
  codex: CODEX_CATALOG,
};

/**
 * The catalog of a profile (`codex` when none is named).
 *
 * @throws Error when the profile has no catalog in this build.
 */
export function catalogFor(profile: ProfileName = DEFAULT_PROFILE): Catalog {
  const c = CATALOGS[profile];
  if (!c) throw new Error(`[agentotel] profile ${profile} has no catalog in this build`);
  return c;
}

/** Registers a profile's catalog (used by profiles that are loaded lazily). */
export function registerCatalog(profile: ProfileName, catalog: Catalog): void {
  CATALOGS[profile] = catalog;
}
