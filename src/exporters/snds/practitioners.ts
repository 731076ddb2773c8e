import { ymdFromDay } from '../../events';
import type { Commune, World } from '../../world';
import { tableDef } from '../../snds';
import type { Row } from '../sinks/Sink';
import { CONVENTION_SECTOR_1 } from './dcir';
import { RowTemplate } from './RowTemplate';

/** A professional of DA_PRA_R: number, specialty (or activity) code, practice commune. */
export interface Practitioner {
  readonly pfsNum: string;
  readonly specialty: string;
  readonly commune: Commune;
}

/** DA_PRA_R rows of physicians and pharmacies, conventioned in sector 1, attached to the fund of their département. */
export function practitionerRows(world: World, list: readonly Practitioner[]): Row[] {
  const tpl = new RowTemplate(tableDef('DA_PRA_R'));
  const year = String(ymdFromDay(world.config.start).year);
  return list.map((p) =>
    tpl.from({
      PFS_PFS_NUM: p.pfsNum,
      PFS_PRA_SPE: p.specialty,
      CAI_NUM: (world.organisms.get(p.commune.dept)?.org ?? '').slice(3, 6),
      CNV_CNV_COD: String(CONVENTION_SECTOR_1),
      PFS_EXC_COM: p.commune.sndsCom,
      PFS_COD_POS: p.commune.postcode,
      PFS_LIB_COM: p.commune.name.toUpperCase().slice(0, 30),
      DTE_ANN_TRT: year,
    }),
  );
}
