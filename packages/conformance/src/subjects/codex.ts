// The Codex subject lives with its profile (src/profiles/codex/); kept importable from here.
export {
  CodexNotFoundError,
  codexSubject,
  codexVersion,
  findCodexBin,
  PINNED_CODEX_VERSION,
} from '../profiles/codex/subject.ts';
