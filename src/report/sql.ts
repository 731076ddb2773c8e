
/** Names of the yearly PMSI tables of a letter present in the database (`B` → T_MCO19B, T_MCO20B), sorted. */
export function pmsiTables(tables: ReadonlySet<string>, letter: string): string[] {
  const re = new RegExp(`^T_MCO\\d\\d${letter}$`);
  return [...tables].filter((t) => re.test(t)).sort();
}
