import { ageInYears, type Day } from '../../events';
import type { CompiledIntervention } from '../../world';
import { inIcdRanges } from '../../scenario';
import { nextArrival } from '../hazard';
import { PRIORITY, type PersonContext, type PersonProcess } from '../process';
import { admit, ordinaryStayRate } from './hospital';

/**
 * Interventions (exposure–outcome effects) of the scenario. For each one:
 *  - exposure: every dispensing of a drug of the intervention's ATC classes exposes the person from the
 *    next day for `daysPerBox` days per box; overlapping periods merge; each period goes to the ground
 *    truth (SIM_TRUTH_EXPOSURE), clipped to the death or the end of the run;
 *  - effect (not in the counterfactual run): while exposed, additional full or same-day stays arrive at
 *    (hazardRatio − 1) × the person's rate of ordinary stays (`ordinaryStayRate`); each is drawn like an
 *    ordinary stay and kept only when its main diagnosis falls in the outcome ranges. The hazard of outcome stays is thus
 *    multiplied by hazardRatio while exposed, whatever the share of outcome diagnoses at that age. Each
 *    such stay is written to SIM_TRUTH_EVENT.
 * The process draws from a stream of its own (`intervention.<name>`), so a run and its counterfactual
 * share every other random number: their outputs differ only for the persons who got an extra stay.
 */
export const interventionProcess: PersonProcess = {
  name: 'interventions',
  start(ctx) {
    for (const x of ctx.world.pathways.interventions) follow(ctx, x);
  },
};

function follow(ctx: PersonContext, x: CompiledIntervention): void {
  const { world: w, person, queue, end } = ctx;
  let from: Day | undefined;
  let to = -Infinity;
  const close = (): void => {
    if (from === undefined) return;
    const last = Math.min(to, person.death ?? end, end);
    if (last >= from) ctx.emit({ kind: 'truth', table: 'exposure', intervention: x.spec.name, from, to: last });
    from = undefined;
  };
  ctx.bus.on('dispensing', (r) => {
    if (!x.exposes(r.drug.atc)) return;
    const start = r.day + 1;
    const stop = r.day + r.boxes * x.daysPerBox;
    if (from !== undefined && start <= to + 1) to = Math.max(to, stop);
    else {
      close();
      from = start;
      to = stop;
    }
  });
  ctx.bus.on('end', close);
  const exposed = (d: Day): boolean => from !== undefined && d >= from && d <= to;

  if (w.pathways.counterfactual || x.spec.hazardRatio <= 1) return;
  const rng = ctx.stream(`intervention.${x.spec.name}`);
  const h = w.hospital;
  const dept = person.home.dept;
  const excess = x.spec.hazardRatio - 1;
  const rate = (_y: number, a: number, day: Day): number => excess * ordinaryStayRate(ctx, a, day);
  const scheduleNext = (start: Day): void => {
    const day = nextArrival(person.birth, start, end, rate, rng.exponential(1), ctx.plan.breaks);
    if (day === undefined) return;
    queue.schedule(day, PRIORITY.stay, (d) => {
      if (exposed(d)) {
        const a = ageInYears(person.birth, d);
        const r0 = h.stays.rate(0, person.sex, a, dept);
        const r1 = h.stays.rate(1, person.sex, a, dept);
        const full = rng.next() * (r0 + r1) < r0;
        const stay = admit(ctx, rng, d, full, undefined, undefined, (s) => inIcdRanges(s.dp, x.outcome));
        if (stay) ctx.emit({ kind: 'truth', table: 'event', intervention: x.spec.name, admission: stay.admission, discharge: stay.discharge, dp: stay.dp, eta: stay.establishment.finess });
      }
      scheduleNext(d + 1);
    });
  };
  scheduleNext(person.entry);
}
