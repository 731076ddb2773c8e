/**
 * Column names of the SNDS drug referential IR_PHA_R, in the order of the official Table Schema
 * `nomenclatures/DREES/IR_PHA_R.json` (Health Data Hub schema-snds, MPL-2.0; also in
 * `data/raw/snds_schemas/nomenclatures/DREES/IR_PHA_R.json`). The test checks this list against that file.
 */
export const IR_PHA_R_COLUMNS = [
  'PHA_CIP_C13', 'PHA_PRS_IDE', 'PHA_CIP_UCD', 'PHA_MED_NAT', 'PHA_MED_NOM', 'PHA_PPC_IND', 'PHA_INS_DTD',
  'PHA_INS_DTF', 'PHA_MTF_VAL', 'PHA_LIS_IND', 'PHA_FRM_COD', 'PHA_FRM_LIB', 'PHA_FRC_COD', 'PHA_FRC_LIB',
  'PHA_LAB_NOM', 'PHA_PRD_LIB1', 'PHA_PRD_LIB2', 'PHA_DER_MAJ', 'PHA_MAX_QTS', 'PHA_MAX_QTR', 'PHA_PRE_IND',
  'PHA_MEX_IND', 'PHA_MED_SPE', 'PHA_SEX_DTD', 'PHA_MED_SEX', 'PHA_AGE_DTD', 'PHA_AGE_MIN', 'PHA_AGE_MAX',
  'PHA_MED_IMG', 'PHA_MED_GEN', 'PHA_PCP_DTD', 'PHA_MED_PCP', 'PHA_MED_PIH', 'PHA_DTD_ALM', 'PHA_DTF_ALM',
  'PHA_IND_SUI', 'PHA_TAR_DAT', 'PHA_PRI_UNI', 'PHA_PRI_UND', 'PHA_TAU_COD', 'PHA_RGE_C07', 'PHA_RGE_C13',
  'PHA_GRS_NUM', 'PHA_GRS_NOM', 'PHA_NOM_PA', 'PHA_MED_COM', 'PHA_NOM_COURT', 'PHA_EPH_COD', 'PHA_EPH_LIB_DSES',
  'PHA_MED_GEN_DPROD', 'PHA_CNV_TOP_DSES', 'PHA_GRS_DSD', 'PHA_HTA_TOP', 'PHA_CND_TOP', 'PHA_DOS_PRA_DSES',
  'PHA_DOS_UNT_DSES', 'PHA_UNT_NBR_DSES', 'PHA_ATC_C07', 'PHA_ATC_L07', 'PHA_ATC_C03', 'PHA_ATC_L03',
  'PHA_AST_TOP', 'PHA_CAR_TOP', 'PHA_DAT_OPP', 'PHA_DIA_TOP', 'PHA_GRD_CND', 'PHA_HDD_SPE', 'PHA_PRD_UND',
  'PHA_PRD_UNI', 'PHA_ATC_CLA', 'PHA_ATC_LIB', 'PHA_DOS_UNI', 'PHA_EPH_CLA', 'PHA_EPH_LIB', 'PHA_SUB_DOS',
  'PHA_UPC_NBR',
] as const;

export type IrPhaRColumn = (typeof IR_PHA_R_COLUMNS)[number];
