import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A fault test's measured figures: printed, and kept in .data/faults/<name>.json, so that a run
 * leaves the numbers FAULTS.md reports.
 */
export function recordFigures(name: string, figures: Record<string, unknown>) {
  const folder = path.resolve(".data/faults");
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`[fault ${name}] ${JSON.stringify(figures)}`);
}
