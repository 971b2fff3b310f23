import type { Catalog } from '../catalog/model.ts';
import { CLAUDE_CODE_CATALOG } from './claude-code/catalog.ts';
import { CLAUDE_CODE_MAPPING } from './claude-code/mapping.ts';
import { CATALOG as CODEX_CATALOG } from './codex/catalog.ts';
import { CODEX_MAPPING } from './codex/mapping.ts';
import { GEMINI_CLI_CATALOG } from './gemini-cli/catalog.ts';
import { GEMINI_CLI_MAPPING } from './gemini-cli/mapping.ts';
import { DEFAULT_PROFILE, type ProfileName } from './names.ts';
import type { RequirementMapping } from './profile.ts';

/**
 * The catalog and the requirement mapping of each profile, by name: data only, so that checks can look
 * a run's catalog and mapping up without importing the profiles' requirements (no import cycle). A
 * profile adds its catalog here and its mapping to `MAPPINGS`.
 */
const CATALOGS: Partial<Record<ProfileName, Catalog>> = {
  codex: CODEX_CATALOG,
  'claude-code': CLAUDE_CODE_CATALOG,
  'gemini-cli': GEMINI_CLI_CATALOG,
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

const MAPPINGS: Partial<Record<ProfileName, RequirementMapping>> = {
  codex: CODEX_MAPPING,
  'claude-code': CLAUDE_CODE_MAPPING,
  'gemini-cli': GEMINI_CLI_MAPPING,
};

/**
 * The requirement mapping of a profile (`codex` when none is named).
 *
 * @throws Error when the profile has no mapping in this build.
 */
export function mappingFor(profile: ProfileName = DEFAULT_PROFILE): RequirementMapping {
  const m = MAPPINGS[profile];
  if (!m) throw new Error(`[agentotel] profile ${profile} has no requirement mapping in this build`);
  return m;
}

/** Registers a profile's requirement mapping (used by profiles that are loaded lazily). */
export function registerMapping(profile: ProfileName, mapping: RequirementMapping): void {
  MAPPINGS[profile] = mapping;
}
