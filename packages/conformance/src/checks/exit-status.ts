import type { ScenarioRun } from '../model/scenario-run.ts';
import { fail, type Judgement, pass } from '../requirements/model.ts';
import { fact } from './helpers.ts';

const tail = (s: string) => s.trim().split('\n').slice(-3).join(' | ');

/** A completed turn exits 0. */
export function checkExitZeroOnSuccess(run: ScenarioRun): Judgement {
  const ev = [fact('exit', run.exit), fact('stderr (tail)', tail(run.stderr))];
  if (run.exit.code === 0) return pass('exit status 0', ev);
  return fail(`exit status ${run.exit.code ?? run.exit.signal} for a turn that completes`, ev);
}

/** A failed turn exits non-zero. */
export function checkExitNonZeroOnFailure(run: ScenarioRun): Judgement {
  const ev = [fact('exit', run.exit), fact('stderr (tail)', tail(run.stderr))];
  if (run.exit.timedOut) return fail('the agent hung on a failed turn and was killed', ev);
  if (run.exit.code !== 0)
    return pass(`exit status ${run.exit.code} for a failed turn (${run.scenario.expect.path})`, ev);
  return fail(`exit status 0 although the turn failed (${run.scenario.expect.path})`, ev);
}
