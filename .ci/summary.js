// Prints CI's closing line from the test runners' JSON reports: "N passed, N failed[, N skipped]".
// A failure before any runner reported (type check, lint, build) counts as one failed check.
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 1);
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;

const vitest = 'test-results/vitest.json';
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A file that fails to load has no tests but fails the run.
  for (const file of r.testResults ?? []) if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  reports++;
}
const e2e = 'test-results/e2e.json';
if (existsSync(e2e)) {
  const r = JSON.parse(readFileSync(e2e, 'utf8'));
  passed += r.stats?.expected ?? 0;
  failed += r.stats?.unexpected ?? 0;
  skipped += r.stats?.skipped ?? 0;
  reports++;
}
if (status !== 0 && failed === 0) failed = 1; // something failed outside the runners' counts
if (reports === 0 && status === 0) failed = 1; // nothing ran: never a silent pass
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
