import { hashString } from '../../random';
import { num, str, type DataRegistry } from '../../data';
import { CmdRules } from './CmdRules';
import { MAX_AGE, type StayType } from './stayTypes';

/** A GHM root (5 characters) of a CMD with its available suffixes, for full-hospitalisation stays. */
interface GhmRoot {
  readonly root: string;
  /** GHM type letter: C surgical, K technical act, M medical, Z undifferentiated. */
  readonly kind: string;
  readonly suffixes: readonly string[];
  readonly ageMin: number;
  readonly ageMax: number;
}

/** Session GHM (CMD 28) of a session main diagnosis, found by the GHM label: our rule. */
const SESSION_GHM_LABEL: readonly (readonly [string, RegExp])[] = [
  ['Z49', /^Hémodialyse, en séances/],
  ['Z510', /^Autres techniques d'irradiation externe, en séances/],
  ['Z511', /^Chimiothérapie pour tumeur, en séances/],
  ['Z512', /^Chimiothérapie pour tumeur, en séances/],
  ['Z513', /^Transfusion, en séances/],
];

/**
 * A simple GHM grouper over the GHM list of MS_GM9_V (data/ghm.csv): the ATIH grouping algorithm and
 * tables are not open data, so the GHM only has to be coherent with the stay's type, main diagnosis,
 * age, associated diagnoses and acts.
 */
export class GhmGrouper {
  /** CMD → GHM roots for full-hospitalisation stays. */
  private readonly ghmRoots = new Map<number, GhmRoot[]>();
  /** CMD → short-stay GHM (CMD 24) with and without an operative act. */
  private readonly shortStayGhm = new Map<number, { with: string; without: string }>();
  /** Session main-diagnosis prefix → CMD 28 GHM. */
  private readonly sessionGhm: { readonly prefix: string; readonly ghm: string }[] = [];
  /** CMD of a main diagnosis. */
  readonly cmdRules: CmdRules;

  /** @param data the run's data tables */
  constructor(data: DataRegistry) {
    this.cmdRules = new CmdRules(data);
    const t = data.get('ghm.csv');
    const roots = new Map<string, { kind: string; cmd: number; suffixes: string[]; label: string }>();
    for (const r of t.rows) {
      const ghm = str(t, r, 'ghm');
      const cmd = num(t, r, 'cmd');
      const label = str(t, r, 'label');
      if (label.startsWith('***')) continue; // GHM flagged as closed in MS_GM9_V
      if (cmd === 24) {
        const m = /CMD (\d\d)/.exec(label);
        if (m && /^Affections de la CMD|^Motifs de recours de la CMD|^Autres motifs de recours de la CMD/.test(label)) {
          const c = Number(m[1]);
          const entry = this.shortStayGhm.get(c) ?? { with: '', without: '' };
          if (/avec (autre )?acte opératoire/.test(label)) entry.with = ghm;
          else entry.without = ghm;
          this.shortStayGhm.set(c, entry);
        }
        continue;
      }
      if (cmd === 28) {
        for (const [prefix, re] of SESSION_GHM_LABEL) if (re.test(label)) this.sessionGhm.push({ prefix, ghm });
        continue;
      }
      if (cmd === 90 || /décès/i.test(label)) continue;
      const key = ghm.slice(0, 5);
      const root = roots.get(key) ?? { kind: ghm[2] as string, cmd, suffixes: [], label };
      root.suffixes.push(ghm[5] as string);
      roots.set(key, root);
    }
    for (const [key, r] of [...roots].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const suffixes = r.suffixes.filter((s) => s !== 'S').sort();
      if (suffixes.length === 0) continue;
      const below = /âge inférieur à (\d+) ans/.exec(r.label);
      const above = /âge supérieur à (\d+) ans/.exec(r.label);
      const list = this.ghmRoots.get(r.cmd) ?? [];
      list.push({ root: key, kind: r.kind, suffixes, ageMin: above ? Number(above[1]) + 1 : 0, ageMax: below ? Number(below[1]) - 1 : MAX_AGE });
      this.ghmRoots.set(r.cmd, list);
    }
  }

  /**
   * GHM of a stay, coherent with the CMD of its main diagnosis (CmdRules), as far as MS_GM9_V allows:
   *  - sessions: the CMD 28 GHM of the session diagnosis (dialysis, chemotherapy, transfusion, radiotherapy);
   *  - same-day stays: the CMD 24 "Affections de la CMD nn : séjours de moins de 2 jours" GHM, with or
   *    without an operative act according to whether the stay has acts;
   *  - full stays: a GHM root of the CMD allowed for the age (label "âge inférieur/supérieur à n ans"),
   *    any root when the stay has acts, a medical one otherwise (when the CMD has such roots),
   *    chosen by a hash of the main diagnosis (the same diagnosis always gives the same root); suffix W
   *    ("avec CMA") when the stay has associated diagnoses, V otherwise, Z for undivided roots, and the
   *    A…D severity letter of CMD 14/15/25 rising with the number of associated diagnoses.
   * Returns '' when no GHM fits (e.g. no root for the age).
   */
  ghm(dp: string, type: StayType, age: number, nDas: number, hasActs: boolean): string {
    if (type === 2) return this.sessionGhm.find((s) => dp.startsWith(s.prefix))?.ghm ?? '';
    const cmd = this.cmdRules.cmd(dp);
    if (type === 1) {
      const s = this.shortStayGhm.get(cmd);
      if (!s) return '';
      return hasActs ? s.with || s.without : s.without || s.with;
    }
    const roots = (this.ghmRoots.get(cmd) ?? []).filter((r) => r.ageMin <= age && age <= r.ageMax);
    if (roots.length === 0) return '';
    // Acts are drawn independently of the diagnosis, so a stay with acts may fall in any root of the CMD
    // (surgical, technical or medical); a stay without act only in a medical one when the CMD has some.
    const medical = roots.filter((r) => r.kind !== 'C' && r.kind !== 'K');
    const pool = hasActs || medical.length === 0 ? roots : medical;
    const root = pool[hashString(dp) % pool.length] as GhmRoot;
    const sx = root.suffixes;
    let suffix: string;
    if (sx.includes('V') || sx.includes('W')) suffix = nDas > 0 ? (sx.includes('W') ? 'W' : 'V') : sx.includes('V') ? 'V' : 'W';
    else if (sx.includes('Z')) suffix = 'Z';
    else {
      const letters = sx.filter((s) => s >= 'A' && s <= 'D');
      suffix = letters.length > 0 ? (letters[Math.min(nDas, letters.length - 1)] as string) : (sx[0] as string);
    }
    return root.root + suffix;
  }
}
