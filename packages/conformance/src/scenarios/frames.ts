// The Responses API frames moved to the codex profile; kept importable from here.
export * from '../profiles/codex/responses-frames.ts';
