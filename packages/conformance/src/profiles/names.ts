/**
 * The names of the agent-family profiles, the values a `subject.yaml` may give `profile:`. A profile's
 * folder is `src/profiles/<name>/`.
 */
export const PROFILE_NAMES = ['codex', 'claude-code', 'gemini-cli'] as const;

/** One of {@link PROFILE_NAMES}. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** The profile of subjects that name none (today's behaviour). */
export const DEFAULT_PROFILE: ProfileName = 'codex';
