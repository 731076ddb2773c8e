-- Rate ratio of upper gastro-intestinal stays (main diagnosis K20–K31) during NSAID exposure (ATC M01A),
-- estimated from the SNDS tables alone (IR_BEN_R, ER_PRS_F, ER_PHA_F, IR_PHA_R, T_MCOyyB/C), stratified by
-- sex and 10-year age band at the start (Mantel-Haenszel). Exposure: from the day after each dispensing,
-- 30 days per box, overlapping periods merged. Follow-up: 2019-01-01 (or entry) to 2021-12-31 (or death).
-- Written by the book: persons on BEN_IDT_ANO (a person may have several couples {BEN_NIR_PSA; BEN_RNG_GEM});
-- information and supplement lines left out; the quantities of identical dispensings summed (regularisations
-- cancel their line) and only positive sums kept; stays chained through NIR_ANO_17 = BEN_NIR_PSA (rank 1: the
-- PMSI does not tell same-sex twins apart).
-- For another period, change the two dates in `period` and the PMSI years in `stays`.
WITH
period AS (SELECT julianday('2019-01-01') AS d0, julianday('2021-12-31') AS d1),
ben AS (
  SELECT BEN_IDT_ANO AS id, MIN(BEN_SEX_COD) AS sex,
         MIN(9, MAX(0, (CAST(strftime('%Y', '2019-01-01') AS INTEGER) - CAST(MIN(BEN_NAI_ANN) AS INTEGER)) / 10)) AS band,
         MAX(julianday(MIN(BEN_DTE_INS)), (SELECT d0 FROM period)) AS t0,
         MIN((SELECT d1 FROM period), CASE WHEN MAX(BEN_DCD_DTE) > '1600-01-01' THEN julianday(MAX(BEN_DCD_DTE)) ELSE 1e9 END) AS t1
  FROM IR_BEN_R GROUP BY BEN_IDT_ANO),
couple AS (SELECT BEN_NIR_PSA AS psa, BEN_RNG_GEM AS rng, BEN_IDT_ANO AS id FROM IR_BEN_R),
disp AS (
  SELECT k.id, julianday(p.EXE_SOI_DTD) + 1 AS s, julianday(p.EXE_SOI_DTD) + 30 * SUM(f.PHA_ACT_QSN) AS e
  FROM ER_PRS_F p
  JOIN ER_PHA_F f USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
  JOIN IR_PHA_R r ON r.PHA_CIP_C13 = f.PHA_PRS_C13
  JOIN couple k ON k.psa = p.BEN_NIR_PSA AND k.rng = p.BEN_RNG_GEM
  WHERE r.PHA_ATC_C07 LIKE 'M01A%' AND p.DPN_QLF <> 71 AND p.CPL_MAJ_TOP < 2
  GROUP BY k.id, p.EXE_SOI_DTD, f.PHA_PRS_C13, p.PFS_EXE_NUM
  HAVING SUM(f.PHA_ACT_QSN) > 0),
ordered AS (
  SELECT id, s, e, MAX(e) OVER (PARTITION BY id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end FROM disp),
islands AS (
  SELECT id, s, e, SUM(CASE WHEN prev_end IS NULL OR s > prev_end + 1 THEN 1 ELSE 0 END) OVER (PARTITION BY id ORDER BY s, e) AS grp FROM ordered),
expo AS (
  SELECT x.id, MAX(MIN(x.s), b.t0) AS s, MIN(MAX(x.e), b.t1) AS e
  FROM islands x JOIN ben b USING (id) GROUP BY x.id, x.grp),
pmsi AS (SELECT psa, id FROM couple WHERE rng = 1),
stays AS (
  SELECT c.NIR_ANO_17 AS psa, '19' || c.ETA_NUM || c.RSA_NUM AS k, julianday(c.EXE_SOI_DTD) AS t FROM T_MCO19B b JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM) WHERE substr(b.DGN_PAL, 1, 3) BETWEEN 'K20' AND 'K31'
  UNION ALL
  SELECT c.NIR_ANO_17, '20' || c.ETA_NUM || c.RSA_NUM, julianday(c.EXE_SOI_DTD) FROM T_MCO20B b JOIN T_MCO20C c USING (ETA_NUM, RSA_NUM) WHERE substr(b.DGN_PAL, 1, 3) BETWEEN 'K20' AND 'K31'
  UNION ALL
  SELECT c.NIR_ANO_17, '21' || c.ETA_NUM || c.RSA_NUM, julianday(c.EXE_SOI_DTD) FROM T_MCO21B b JOIN T_MCO21C c USING (ETA_NUM, RSA_NUM) WHERE substr(b.DGN_PAL, 1, 3) BETWEEN 'K20' AND 'K31'),
stay AS (SELECT m.id, s.k, s.t FROM stays s JOIN pmsi m ON m.psa = s.psa),
expo_pp AS (SELECT id, SUM(e - s + 1) AS d FROM expo WHERE e >= s GROUP BY id),
events AS (
  SELECT s.id, s.k, MAX(x.id IS NOT NULL) AS exposed
  FROM stay s JOIN ben b ON b.id = s.id LEFT JOIN expo x ON x.id = s.id AND s.t BETWEEN x.s AND x.e
  WHERE s.t BETWEEN b.t0 AND b.t1 GROUP BY s.id, s.k),
pt AS (
  SELECT b.sex, b.band, SUM(b.t1 - b.t0 + 1) AS pt, SUM(COALESCE(x.d, 0)) AS pt1
  FROM ben b LEFT JOIN expo_pp x ON x.id = b.id WHERE b.t1 >= b.t0 GROUP BY b.sex, b.band),
ev AS (
  SELECT b.sex, b.band, SUM(v.exposed) AS a, SUM(1 - v.exposed) AS b FROM events v JOIN ben b ON b.id = v.id GROUP BY b.sex, b.band),
strata AS (
  SELECT pt.sex, pt.band, pt.pt, pt.pt1, COALESCE(ev.a, 0) AS a, COALESCE(ev.b, 0) AS b
  FROM pt LEFT JOIN ev ON ev.sex = pt.sex AND ev.band = pt.band)
SELECT SUM(a) AS exposed_events, ROUND(SUM(pt1) / 365.25, 1) AS exposed_person_years,
       SUM(b) AS unexposed_events, ROUND(SUM(pt - pt1) / 365.25, 1) AS unexposed_person_years,
       ROUND((SUM(a) / SUM(pt1)) / (SUM(b) / SUM(pt - pt1)), 3) AS crude_rate_ratio,
       ROUND(SUM(a * (pt - pt1) / pt) / SUM(b * pt1 / pt), 3) AS mantel_haenszel_rate_ratio
FROM strata;
