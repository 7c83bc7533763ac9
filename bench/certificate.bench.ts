// Certificate benchmark: the one-page bilingual certificate of a label, generation time (median of 20, after one
// warm-up) and size, and whether two renders give the same bytes.
// Run: npx tsx bench/certificate.bench.ts     (no database, no build; CERTIFICATE_BENCH_OUT=dir keeps the PDF)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderCertificatePdf } from "#app/services/label/certificate-pdf.server.ts";
import { bingervilleCertificate } from "#tests/support/certificate-fixtures.ts";
import { kib, time } from "./support.ts";

const RUNS = 20;

const pdf = await time(RUNS, () => renderCertificatePdf(bingervilleCertificate));
const again = await renderCertificatePdf(bingervilleCertificate);
console.log(`Certificate PDF: ${pdf.median.toFixed(1)} ms median of ${RUNS} (first, with font loading, ${pdf.first.toFixed(0)} ms), ${kib(pdf.last.length)}`);
console.log(`Two renders give the same bytes: ${Buffer.compare(pdf.last, again) === 0 ? "yes" : "NO"}`);
if (process.env.CERTIFICATE_BENCH_OUT) writeFileSync(join(process.env.CERTIFICATE_BENCH_OUT, "certificate.pdf"), pdf.last);
