// Where one browser-test run keeps its files: the shared server's PGlite folder and uploads, and what the workers
// share (the seeded visit that the audit-scoring and offline tests copy, tests/e2e/visit-server.ts). One folder per
// port, so two runs side by side never share (or delete) each other's; emptied when the run's server starts
// (playwright.config.ts).
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3111);
export const E2E_DATA_DIR = `.data/e2e-${E2E_PORT}`;
