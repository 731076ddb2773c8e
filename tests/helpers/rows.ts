/**
 * One expect over every item of a collection instead of one per item: an expect costs tens of microseconds, so a
 * check of tens of thousands of rows took seconds. `problems(item)` names what is wrong with the item (the names of
 * the failed conditions); the failing items are shown with their problems (the first `max`, and how many more).
 */
export function expectEvery<T>(items: Iterable<T>, problems: (item: T) => readonly string[], max = 20): void {
  const found: { item: T; problems: readonly string[] }[] = [];
  let more = 0;
  for (const item of items) {
    const p = problems(item);
    if (p.length === 0) continue;
    if (found.length < max) found.push({ item, problems: p });
    else more += 1;
  }
  expect({ failing: found, more }).toEqual({ failing: [], more: 0 });
}

/** The names of `conditions` that are false: `problems` of expectEvery written as a list of named conditions. */
export function failed(conditions: Readonly<Record<string, boolean>>): string[] {
  return Object.entries(conditions)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
}

/** Whether `a` is within half a unit of the `digits`-th decimal of `b`, as expect's toBeCloseTo(b, digits) says. */
export function close(a: number, b: number, digits = 2): boolean {
  return Math.abs(a - b) < 10 ** -digits / 2;
}
