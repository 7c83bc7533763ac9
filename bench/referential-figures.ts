// Figures of referential versions, side by side, for release notes: chapters, standards, criteria per tier, criteria
// with rating guidance (and those the format requires it on), ISQua principle coverage, compound critical criteria.
// Run: npx tsx bench/referential-figures.ts [FILE...]   (default: every version file of referentials/label-qss/)
//
// "Compound" is a reading aid, not a rule of the format: a critical criterion whose text sets several requirements
// in separate clauses (a semicolon between them). Without rating guidance, one missing element of such a criterion
// fails it, and with it Silver; its guidance must say which element earns which rating.
import { allCriteria, ISQUA_PRINCIPLES, requiresRatingGuidance, TIERS, type ReferentialVersion } from "#app/domain/referential/schema.ts";
import { listReferentialFiles, loadReferentialFile } from "#app/services/referential/referential-files.server.ts";

const files = process.argv.slice(2);
const paths = files.length > 0 ? files : listReferentialFiles().filter((f) => f.code === "label-qss").map((f) => f.path);

function figures(version: ReferentialVersion): [string, string][] {
  const criteria = allCriteria(version);
  const critical = criteria.filter((c) => c.tier === "critical");
  const compound = critical.filter((c) => c.text.en.includes(";"));
  const guided = criteria.filter((c) => c.rating_guidance);
  const metadata = (["glossary", "references", "tier_rationale", "rules_rationale", "development"] as const).filter((k) => version[k] !== undefined);
  return [
    ["chapters", String(version.chapters.length)],
    ["standards", String(version.chapters.reduce((n, c) => n + c.standards.length, 0))],
    ["criteria", String(criteria.length)],
    ...TIERS.map((tier): [string, string] => [`  ${tier}`, String(criteria.filter((c) => c.tier === tier).length)]),
    ["with rating guidance", String(guided.length)],
    ["  of which with a sample", String(guided.filter((c) => c.rating_guidance?.sample).length)],
    ["  critical with guidance", `${critical.filter((c) => c.rating_guidance).length}/${critical.length}`],
    ["  guidance required by the format (2026 rule)", `${criteria.filter((c) => requiresRatingGuidance(c) && c.rating_guidance).length}/${criteria.filter(requiresRatingGuidance).length}`],
    ...ISQUA_PRINCIPLES.map((p): [string, string] => [`ISQua principle ${p}`, `${criteria.filter((c) => c.isqua.includes(p)).length} criteria`]),
    ["principles 1–2 metadata", metadata.length > 0 ? metadata.join(", ") : "none"],
    ["  glossary terms / references", `${version.glossary?.length ?? 0} / ${version.references?.length ?? 0}`],
    ["compound critical (clauses ;)", `${compound.length}: ${compound.map((c) => c.code).join(" ")}`],
    ["  of which without rating guidance", String(compound.filter((c) => !c.rating_guidance).length)],
  ];
}

const columns: { name: string; rows: [string, string][] }[] = [];
for (const path of paths) {
  const loaded = loadReferentialFile(path);
  if (!loaded.result.ok) {
    console.error(`${path} does not validate; run npm run referential -- validate ${path}`);
    process.exit(1);
  }
  columns.push({ name: `${loaded.result.version.code} ${loaded.result.version.version}`, rows: figures(loaded.result.version) });
}
const labels = columns[0]?.rows.map(([label]) => label) ?? [];
const width = Math.max(...labels.map((l) => l.length));
console.log(["".padEnd(width), ...columns.map((c) => c.name)].join(" | "));
labels.forEach((label, i) => console.log([label.padEnd(width), ...columns.map((c) => c.rows[i]![1])].join(" | ")));
