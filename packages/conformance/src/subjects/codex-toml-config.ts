// The Codex-style config.toml lives with the codex profile; kept importable from here.
export { CODEX_STYLE_CONFIG } from '../profiles/codex/config-toml.ts';
