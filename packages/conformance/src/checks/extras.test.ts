import { describe, expect, test } from 'vitest';
import { scenarioRunOf } from '../../test/support/scenario-runs.ts';
import type { AnyValue } from '../capture/any-value.ts';
import type { CapturedLog } from '../capture/model.ts';
import { EMPTY_CAPTURE, type ScenarioRun } from '../model/scenario-run.ts';
import type { ProfileName } from '../profiles/names.ts';
import { collectExtras } from './extras.ts';

const str = (v: string): AnyValue => ({ stringValue: v });

/** A run of `plain-answer` under `profile` whose records are `logs`. */
function runOf(
  profile: ProfileName,
  logs: Array<Pick<CapturedLog, 'attributes'> & { body?: AnyValue }>,
): ScenarioRun {
  return scenarioRunOf('plain-answer', {
    profile,
    capture: {
      ...EMPTY_CAPTURE,
      logs: logs.map((l, seq) => ({ seq, transport: 'http/json', receivedAtMs: 0, resource: {}, ...l })),
    },
  });
}

describe('information beyond the catalog, per profile', () => {
  test('a Claude Code record is read against the claude-code catalog, named as Claude Code names it', () => {
    const run = runOf('claude-code', [
      {
        attributes: { 'event.name': str('user_prompt'), 'x.extra': str('1') },
        body: str('claude_code.user_prompt'),
      },
      { attributes: { 'event.name': str('not_documented') } },
    ]);
    const info = collectExtras([run]);
    expect(info.events).toEqual({ 'claude_code.not_documented': 1 });
    expect(info.attributes['claude_code.user_prompt']).toContain('x.extra');
  });

  test('a Gemini CLI record is read against the gemini-cli catalog', () => {
    const run = runOf('gemini-cli', [
      { attributes: { 'event.name': str('gemini_cli.user_prompt'), 'x.extra': str('1') } },
    ]);
    const info = collectExtras([run]);
    expect(info.events).toEqual({});
    expect(info.attributes['gemini_cli.user_prompt']).toContain('x.extra');
  });

  test('a Codex record outside its catalog is still information', () => {
    const run = runOf('codex', [{ attributes: { 'event.name': str('codex.something_new') } }]);
    expect(collectExtras([run]).events).toEqual({ 'codex.something_new': 1 });
  });
});
