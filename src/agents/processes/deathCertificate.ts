import type { PersonProcess } from '../process';
import type { DeathRecord } from '../records';

/**
 * The death certificate (CépiDc): at death, an underlying cause coherent with the person's ALDs and the national
 * distribution (DeathCauses.underlyingCause), the other ALDs started by then as contributing causes, and the place
 * (hospital when in a stay or discharged that day, else home or another place at the published share).
 * It runs right after the ALD process so that its handler of the death event keeps its place among the others.
 */
export const deathCertificateProcess: PersonProcess = {
  name: 'death-certificate',
  start(ctx) {
    const { world: w, person } = ctx;
    // The stream keeps the name it had when the ALD process wrote the certificate: the draws are unchanged.
    const rng = ctx.stream('care.ald.death');
    ctx.bus.on('death', ({ day }) => {
      const underlyingCause = w.deaths.underlyingCause(person, day, rng);
      const otherCauses: string[] = [];
      for (const a of person.alds.values()) {
        const c = a.cim.slice(0, 4);
        if (a.start <= day && c !== underlyingCause && !otherCauses.includes(c)) otherCauses.push(c);
      }
      const inHospital = ctx.inHospital(day) || person.stays.some(([, discharge]) => discharge === day);
      const place = inHospital ? 'hospital' : rng.chance(w.deaths.homeShareOutsideHospital) ? 'home' : 'other';
      const record: DeathRecord = { kind: 'death', day, underlyingCause, otherCauses, place };
      ctx.emit(record);
    });
  },
};
