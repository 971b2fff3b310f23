import { CLAUDE_CODE_PROFILE } from './claude-code/index.ts';
import { CODEX_PROFILE } from './codex/index.ts';
import { GEMINI_CLI_PROFILE } from './gemini-cli/index.ts';
import { DEFAULT_PROFILE, PROFILE_NAMES, type ProfileName } from './names.ts';
import type { Profile } from './profile.ts';

/** Every profile of this build, by name; a new profile adds one line here (see `./profile.ts`). */
const PROFILES: Partial<Record<ProfileName, Profile>> = {
  codex: CODEX_PROFILE,
  'claude-code': CLAUDE_CODE_PROFILE,
  'gemini-cli': GEMINI_CLI_PROFILE,
};

/** Error for a profile name that is unknown or not available. */
export class ProfileError extends Error {
  readonly code = 'PROFILE_UNKNOWN';
}

/**
 * The profile of that name (`codex` when none is given).
 *
 * @throws ProfileError naming the allowed values.
 */
export function profileNamed(name: string = DEFAULT_PROFILE): Profile {
  const p = (PROFILES as Record<string, Profile | undefined>)[name];
  if (!p)
    throw new ProfileError(
      `[agentotel] unknown profile "${name}"; available: ${availableProfiles().join(', ')} (known: ${PROFILE_NAMES.join(', ')})`,
    );
  return p;
}

/** The names of the profiles available in this build. */
export function availableProfiles(): ProfileName[] {
  return PROFILE_NAMES.filter((n) => PROFILES[n] !== undefined);
}
