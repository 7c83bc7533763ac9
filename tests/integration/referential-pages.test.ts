// The referential pages over HTTP (the built app): list, version page with search and filters, criterion pages,
// coverage, rules, diff (counts identical to the CLI's), YAML and PDF downloads, who sees drafts, and bad input
// (404 in the page language, never a 500). Runs on PGlite and on PostgreSQL.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { asVersion2026, makeVersion } from "#app/domain/referential/fixtures.ts";
import { criterionMatches, parseFilters } from "#app/domain/referential/browse.ts";
import { diffVersions } from "#app/domain/referential/diff.ts";
import { allCriteria, type ReferentialVersion } from "#app/domain/referential/schema.ts";
import type { Language } from "#app/domain/language.ts";
import { normalizeForSearch } from "#app/domain/referential/search.ts";
import { searchCriterionCodes } from "#app/http/referential-pages.server.ts";
import { importReferential, importShippedReferentials, listReferentialVersions, loadReferentialVersion, publishReferential, searchText } from "#app/services/referential/referentials.server.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let v2024: ReferentialVersion;
let v2019: ReferentialVersion;
let id2024: string;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  await importShippedReferentials(db);
  // A draft only the DRI may read.
  const draft = makeVersion({ code: "t-draft", version: "2025", chapters: [[["critical", "core"]]] });
  const imported = await importReferential(db, stringify(draft), { previous: null });
  if (!imported.ok) throw new Error("draft import failed");
  // A published version with rating guidance (on its critical criterion 1.1.1, with a sample) and principles 1–2.
  const guided = await importReferential(db, stringify(asVersion2026(makeVersion({ code: "t-guided", chapters: [[["critical", "core"]]] }))), { previous: null });
  if (!guided.ok) throw new Error("guided import failed");
  await publishReferential(db, { code: "t-guided", version: "2026" });
  v2024 = (await loadReferentialVersion(db, "label-qss", "2024"))!;
  v2019 = (await loadReferentialVersion(db, "label-qss", "2019"))!;
  id2024 = (await listReferentialVersions(db)).find((v) => v.code === "label-qss" && v.version === "2024")!.id;
});
afterAll(async () => {
  await server?.close();
});

// An English browser: the reader also chose English on the login page (else the account's language would win).
const browser = (language?: string) => new TestBrowser(server.baseUrl, { language, lng: language?.startsWith("en") ? "en" : undefined });
const EN = "en-GB,en;q=0.9";
async function signedIn(email = "touba@label.example.org", language?: string) {
  const b = browser(language);
  await b.login(email);
  return b;
}
/** Text as read, with non-breaking spaces as plain spaces (French puts one before % and :). */
const text = async (response: Response) => (await readPage(response)).replaceAll("\u00a0", " ");
/** Criterion codes listed on a version page (each criterion is an <article id="code">). */
const codesOn = (html: string) => [...html.matchAll(/<article class="ref-criterion[^"]*" id="([^"]+)"/g)].map((m) => m[1]!);

/** What the page should list for a query string, computed in memory from the version (same rules, no SQL). */
function expected(version: ReferentialVersion, query: string, lang: Language): string[] {
  const parsed = parseFilters(new URLSearchParams(query), version.chapters.map((c) => c.code));
  return version.chapters.flatMap((chapter) =>
    chapter.standards.flatMap((s) => s.criteria.filter((c) => criterionMatches(c, chapter.code, parsed, searchText(c, lang))).map((c) => c.code)),
  );
}

describe("who reads what", () => {
  it("sends anonymous visitors to sign in, for the pages, their data and the downloads", async () => {
    for (const path of ["/referentials", "/referentials/label-qss/2024", "/referentials/label-qss/2024.data", "/referentials/label-qss/2024/pdf", "/referentials/label-qss/2024/source"]) {
      const response = await browser().get(path);
      if (path.endsWith(".data")) {
        // React Router's data requests carry the redirect in their body (status 202), never the data.
        expect(response.status, path).toBe(202);
        const body = await response.text();
        expect(body).toContain("/login");
        expect(body).not.toContain("Prévention");
        continue;
      }
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toMatch(/^\/login/);
    }
  });

  it("lists published versions for every signed-in user, drafts only for the DRI", async () => {
    const hospital = await text(await (await signedIn()).get("/referentials"));
    expect(hospital).toContain("Version 2024");
    expect(hospital).toContain("Version 2019");
    expect(hospital).toContain("Contenu illustratif");
    expect(hospital).not.toContain("Version 2025");
    const auditor = await text(await (await signedIn("auditeur@label.example.org")).get("/referentials"));
    expect(auditor).toContain("Version 2024");
    expect(auditor).not.toContain("Version 2025");
    const dri = await signedIn("admin@label.example.org");
    const list = await text(await dri.get("/referentials"));
    expect(list).toContain("Version 2025");
    expect(list).toContain("Brouillon");
    expect((await dri.get("/referentials/t-draft/2025")).status).toBe(200);
  });

  it("answers 404 for a draft to anyone but the DRI: page, data request, PDF, YAML and diff", async () => {
    const b = await signedIn("touba@label.example.org");
    for (const path of [
      "/referentials/t-draft/2025",
      "/referentials/t-draft/2025.data",
      "/referentials/t-draft/2025/pdf",
      "/referentials/t-draft/2025/source",
      "/referentials/t-draft/2025/coverage",
      "/referentials/diff?from=label-qss@2024&to=t-draft@2025",
    ]) {
      const response = await b.get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain("Chapitre 1");
    }
  });
});

describe("the version page", () => {
  it("shows chapters, standards and every criterion with its tier, methods, evidence and guidance, in French and in English", async () => {
    const fr = await text(await (await signedIn()).get("/referentials/label-qss/2024"));
    expect(codesOn(fr)).toEqual(allCriteria(v2024).map((c) => c.code));
    expect(fr).toContain("Prévention et contrôle des infections");
    expect(fr).toContain('id="chapter-9"');
    expect(fr).toContain("Éléments de preuve attendus");
    expect(fr).toContain("Revue documentaire");
    // The guidance, on the whole version, is one click away (the criterion's page); a search shows it folded.
    expect(fr).toContain("Les conseils pour l'évaluation de chaque critère sont sur sa page");
    expect(fr).not.toContain("Conseils pour l'évaluation</summary>");
    const searched = await text(await (await signedIn()).get("/referentials/label-qss/2024?chapter=9"));
    expect(searched).toContain("Conseils pour l'évaluation</summary>");
    expect(fr).toMatch(/ref-tier-critical[^>]*>.*Impératif/);
    const en = await text(await (await signedIn("touba@label.example.org", EN)).get("/referentials/label-qss/2024"));
    expect(en).toContain('<html lang="en"');
    expect(en).toContain("Infection prevention and control");
    expect(en).toContain("Expected evidence");
    expect(en).not.toContain("Prévention et contrôle des infections");
  });

  it("links each criterion to its own page, with its context and neighbours", async () => {
    const b = await signedIn();
    const page = await b.get("/referentials/label-qss/2024/criteria/9.2.3");
    expect(page.status).toBe(200);
    const html = await text(page);
    expect(html).toContain("<h1>Critère 9.2.3</h1>");
    expect(html).toContain("Prévention et contrôle des infections");
    expect(html).toContain("/referentials/label-qss/2024/criteria/9.2.2");
    expect(html).toContain("/referentials/label-qss/2024/criteria/9.2.4");
  });

  it("says on a service-dependent criterion that N/A is possible only without the service, and nothing of the kind elsewhere", async () => {
    const b = await signedIn();
    const surgery = await text(await b.get("/referentials/label-qss/2024/criteria/6.1.1"));
    expect(surgery).toContain("Dépend d'un service : chirurgie (bloc opératoire). « Non applicable » seulement si l'établissement ne l'a pas (avec justification, confirmée par l'auditeur).");
    const plain = await text(await b.get("/referentials/label-qss/2024/criteria/9.2.3"));
    expect(plain).not.toContain("Dépend d'un service");
    expect(plain).not.toContain("Peut être coté « Non applicable »");
  });

  it("answers unknown versions and criteria with the 404 page in the page language", async () => {
    const fr = await signedIn();
    for (const path of ["/referentials/label-qss/2030", "/referentials/nope/2024", "/referentials/label-qss/2024/criteria/99.9.9", "/referentials/LABEL QSS/2024", "/referentials/label-qss/2024/pdf?chapter=99"]) {
      const response = await fr.get(path);
      expect(response.status, path).toBe(404);
      if (!path.includes("/pdf")) expect(await text(response), path).toContain("Page introuvable");
    }
    const en = await signedIn("touba@label.example.org", EN);
    const response = await en.get("/referentials/label-qss/2030");
    expect(response.status).toBe(404);
    expect(await text(response)).toContain("Page not found");
  });
});

describe("rating guidance and ISQua principles 1–2", () => {
  it("shows on a criterion page what earns each rating, with the scale's labels and the sample, in French and in English", async () => {
    const fr = await text(await (await signedIn()).get("/referentials/t-guided/2026/criteria/1.1.1"));
    expect(fr).toMatch(/<details class="rating-guidance" open=""><summary>Ce qui justifie chaque cotation<\/summary>/);
    expect(fr).toMatch(/<dt>3 — Conforme<\/dt><dd>Tout est en place 1\.1\.1<\/dd>.*<dt>0 — Non conforme<\/dt><dd>Rien en place 1\.1\.1<\/dd>/s);
    expect(fr).toContain("Échantillon</span> 20 dossiers tirés au sort 1.1.1");
    const en = await text(await (await signedIn("touba@label.example.org", EN)).get("/referentials/t-guided/2026/criteria/1.1.1"));
    expect(en).toContain("<summary>What earns each rating</summary>");
    expect(en).toMatch(/<dt>2 — Largely met<\/dt><dd>One minor gap 1\.1\.1<\/dd>/);
    expect(en).toContain("Sample</span> 20 randomly drawn records 1.1.1");
    expect(en).not.toContain("Tout est en place");
    // A criterion without guidance, and the 2024 version, show none.
    expect(await text(await (await signedIn()).get("/referentials/t-guided/2026/criteria/1.1.2"))).not.toContain('class="rating-guidance"');
    expect(await text(await (await signedIn()).get("/referentials/label-qss/2024/criteria/9.2.3"))).not.toContain('class="rating-guidance"');
  });

  it("shows the glossary, references, rationales and development on the version page, only where the version has them", async () => {
    const fr = await text(await (await signedIn()).get("/referentials/t-guided/2026"));
    for (const words of ["Glossaire", "<dt>Traceur</dt><dd>Suivi du parcours d'un patient</dd>", "OMS, recommandations 2009", 'href="https://www.who.int/publications"', "Pourquoi les niveaux d'exigence", "Pourquoi les règles de niveau", "Patients partenaires", "Approuvée le 01/03/2026 · Prochaine révision : 01/03/2030"]) {
      expect(fr).toContain(words);
    }
    expect(await text(await (await signedIn()).get("/referentials/label-qss/2024"))).not.toContain("ref-principles");
  });

  it("prints the rating guidance and the principles in the version's PDF", async () => {
    const dir = mkdtempSync(join(tmpdir(), "label-pdf-"));
    try {
      const response = await (await signedIn()).get("/referentials/t-guided/2026/pdf?lng=en");
      expect(response.status).toBe(200);
      writeFileSync(join(dir, "en.pdf"), Buffer.from(await response.arrayBuffer()));
      const words = spawnSync("pdftotext", [join(dir, "en.pdf"), "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, " ");
      expect(words).toContain("What earns each rating:");
      expect(words).toContain("3 · Fully met: Everything in place 1.1.1");
      expect(words).toContain("0 · Not met: Nothing in place 1.1.1");
      expect(words).toContain("Sample: 20 randomly drawn records 1.1.1");
      for (const part of ["Development and review", "Developed by: Working group", "Next review: 01/03/2030", "Rationale for the tiers", "Glossary", "Tracer: Following one patient's journey", "WHO, 2009 guidelines"]) {
        expect(words).toContain(part);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("search and filters", () => {
  it("finds words whatever their accents and case, in French", async () => {
    const b = await signedIn();
    for (const [typed, word] of [
      ["securite", "sécurité"],
      ["HYGIENE", "hygiène"],
      ["hygiène des mains", "hygiène des mains"],
      ["Hygiène DES MAINS", "hygiène des mains"],
      ["PREVENTION", "prévention"],
    ] as const) {
      const html = await text(await b.get(`/referentials/label-qss/2024?q=${encodeURIComponent(typed)}`));
      const codes = codesOn(html);
      expect(codes.length, typed).toBeGreaterThan(0);
      expect(codes, typed).toEqual(expected(v2024, `q=${encodeURIComponent(typed)}`, "fr"));
      // Every criterion found really holds the word (accents ignored) in its French texts.
      for (const code of codes) expect(searchText(allCriteria(v2024).find((c) => c.code === code)!, "fr"), `${typed} → ${code}`).toContain(normalizeForSearch(word));
    }
  });

  it("searches the page language: English words in English, French words find nothing there", async () => {
    const b = await signedIn("touba@label.example.org", EN);
    const hand = codesOn(await text(await b.get("/referentials/label-qss/2024?q=HAND+Hygiene")));
    expect(hand.length).toBeGreaterThan(0);
    expect(hand).toEqual(expected(v2024, "q=hand+hygiene", "en"));
    expect(hand).toContain("9.2.3");
    expect(codesOn(await text(await b.get("/referentials/label-qss/2024?q=hygi%C3%A8ne+des+mains")))).toEqual([]);
    const fr = await signedIn();
    expect(codesOn(await text(await fr.get("/referentials/label-qss/2024?q=hand+hygiene")))).toEqual([]);
  });

  it("finds a criterion by its code", async () => {
    const b = await signedIn();
    const codes = codesOn(await text(await b.get("/referentials/label-qss/2024?q=9.2.3")));
    expect(codes).toEqual(["9.2.3"]);
  });

  it("the database search gives what the in-memory rule gives, for many queries, in both languages", async () => {
    const db = server.database.db;
    const queries = ["q=soins", "q=patient", "q=%C3%A9quipe", "q=100%25", "q=a_b", "q=registre+risques", "tier=advanced", "q=soins&tier=critical&chapter=4", "method=tracer", "isqua=5&method=interview", "chapter=13&isqua=6"];
    for (const lang of ["fr", "en"] as const) {
      for (const query of queries) {
        const parsed = parseFilters(new URLSearchParams(query), v2024.chapters.map((c) => c.code));
        const found = await searchCriterionCodes(db, id2024, lang, parsed);
        expect([...found!].sort(), `${lang} ${query}`).toEqual(expected(v2024, query, lang).sort());
      }
    }
  });

  it("filters by tier, chapter, method and ISQua principle, combined, from the URL", async () => {
    const b = await signedIn();
    const critical = codesOn(await text(await b.get("/referentials/label-qss/2024?tier=critical")));
    expect(critical).toEqual(allCriteria(v2024).filter((c) => c.tier === "critical").map((c) => c.code));
    expect(critical.length).toBe(20);
    const combined = "tier=critical&chapter=9&method=observation&isqua=4";
    const html = await text(await b.get(`/referentials/label-qss/2024?${combined}`));
    const codes = codesOn(html);
    expect(codes).toEqual(expected(v2024, combined, "fr"));
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code.startsWith("9.")).toBe(true);
    expect(html).toMatch(/<option value="critical" selected="">/);
    expect(html).toContain(`critères sur 136 correspond`);
  });

  it("ignores empty searches, and reports unknown filter values and very long searches instead of failing", async () => {
    const b = await signedIn();
    const empty = await b.get("/referentials/label-qss/2024?q=&tier=&chapter=");
    expect(empty.status).toBe(200);
    expect(codesOn(await text(empty))).toHaveLength(136);
    const spaces = await b.get("/referentials/label-qss/2024?q=%20%20%20");
    expect(codesOn(await text(spaces))).toHaveLength(136);

    const unknown = await b.get("/referentials/label-qss/2024?tier=platinum&chapter=99&method=telepathy&isqua=9&q=hygiene");
    expect(unknown.status).toBe(200);
    const html = await text(unknown);
    expect(html).toContain("Niveau d'exigence inconnu : ce filtre a été ignoré.");
    expect(html).toContain("Ce chapitre n'existe pas dans cette version");
    expect(html).toContain("Méthode d'évaluation inconnue");
    expect(html).toContain("Principe ISQua inconnu");
    expect(codesOn(html)).toEqual(expected(v2024, "q=hygiene", "fr"));

    const long = await b.get(`/referentials/label-qss/2024?q=${"hygiène ".repeat(100)}`);
    expect(long.status).toBe(200);
    const longHtml = await text(long);
    expect(longHtml).toContain("La recherche dépasse 200 caractères");
    expect(codesOn(longHtml)).toHaveLength(136);

    const many = await b.get(`/referentials/label-qss/2024?q=${encodeURIComponent("a b c d e f g h i j k l m n o")}`);
    expect(many.status).toBe(200);
    expect(await text(many)).toContain("Seuls les 12 premiers mots");

    const weird = await b.get(`/referentials/label-qss/2024?q=${encodeURIComponent("%' OR 1=1 -- \\ _")}`);
    expect(weird.status).toBe(200);
  });
});

describe("coverage and rules", () => {
  it("counts criteria per ISQua principle and chapter, with the development notes, review date and changelog", async () => {
    const b = await signedIn();
    const html = await text(await b.get("/referentials/label-qss/2024/coverage"));
    expect(html).toContain("<svg");
    expect(html).toContain('role="img"');
    const perPrinciple = [1, 2, 3, 4, 5, 6].map((p) => allCriteria(v2024).filter((c) => c.isqua.includes(p)).length);
    for (const [i, n] of perPrinciple.entries()) expect(html).toMatch(new RegExp(`${i + 1} · [^<]+</th>(<td class="ref-num">\\d+</td>){3}<td class="ref-num"><strong>${n}</strong>`));
    expect(html).toContain("Élaboration et révision");
    expect(html).toContain("Révision au plus tard le 01/09/2028");
    expect(html).toContain("Historique des modifications");
    expect(html).toContain(v2024.development_notes.fr.slice(0, 60));
  });

  it("puts the level rules in plain words, from the version's data", async () => {
    const fr = await text(await (await signedIn()).get("/referentials/label-qss/2024/rules"));
    expect(fr).toContain("Argent : chaque critère impératif coté « Conforme » (3), score global d'au moins 75 %, chaque chapitre à au moins 65 %, score des critères standard d'au moins 70 %.");
    expect(fr).toContain("Bronze : chaque critère impératif coté au moins « Largement conforme » (2), score global d'au moins 60 %, chaque chapitre à au moins 50 %.");
    expect(fr).toContain("chaque chapitre à au moins 75 %, score des critères standard d'au moins 80 %, score des critères avancés d'au moins 60 %.");
    expect(fr).toContain("Un label est attribué pour 4 ans.");
    const en = await text(await (await signedIn("touba@label.example.org", EN)).get("/referentials/label-qss/2024/rules"));
    expect(en).toContain("Silver: every critical criterion rated Fully met (3), global score at least 75%, every chapter at least 65%, core criteria score at least 70%.");
    expect(en).toContain("Gold: every critical criterion rated Fully met (3), global score at least 85%, every chapter at least 75%, core criteria score at least 80%, advanced criteria score at least 60%.");
  });
});

describe("diff between versions", () => {
  function cliCounts(): Record<string, number> {
    const result = spawnSync("npx", ["tsx", "scripts/referential.ts", "diff", "label-qss@2019", "label-qss@2024"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } });
    expect(result.status, result.stderr).toBe(0);
    const counts: Record<string, number> = {};
    for (const match of result.stdout.matchAll(/^ {2}([a-z ]+?)\s+(\d+)$/gm)) counts[match[1]!.replace(/ ([a-z])/g, (_, c: string) => c.toUpperCase())] = Number(match[2]);
    const total = /^Criteria: (\d+) → (\d+)$/m.exec(result.stdout)!;
    return { ...counts, olderCriteria: Number(total[1]), newerCriteria: Number(total[2]) };
  }
  const pageCounts = (html: string) => Object.fromEntries([...html.matchAll(/data-kind="([a-zA-Z]+)">(\d+)</g)].map((m) => [m[1]!, Number(m[2])]));

  it("gives the same counts as the CLI (npm run referential -- diff) and the domain diff", async () => {
    const b = await signedIn();
    const response = await b.get("/referentials/diff?from=label-qss@2019&to=label-qss@2024");
    expect(response.status).toBe(200);
    const html = await text(response);
    const onPage = pageCounts(html);
    const domain = diffVersions(v2019, v2024).summary;
    const { olderCriteria, newerCriteria, ...kinds } = domain;
    expect(onPage).toEqual(kinds);
    const cli = cliCounts();
    expect({ ...onPage, olderCriteria, newerCriteria }).toEqual(cli);
    expect(html).toContain("Évolutions de la version 2019 à la version 2024");
    expect(html).toContain("Critères dans la version 2019");
    // Reworded criteria show the old and new wording side by side.
    const reworded = diffVersions(v2019, v2024).reworded.find((r) => r.languages.includes("fr"))!;
    expect(html).toContain(`Énoncé en 2019`);
    expect(html.replace(/<[^>]+>/g, "")).toContain(reworded.new.fr);
  });

  it("tells the lineage the 2024 file declares: a reused code's new criterion is added and its namesake removed or continued elsewhere", async () => {
    // Expected groups computed from the files alone: a 2024 criterion descends from its `replaces` codes, or, without
    // `replaces`, from the 2019 criterion with its code; criteria linked this way form one group (union-find).
    const read = (version: string) => parse(readFileSync(`referentials/label-qss/${version}.yaml`, "utf8")) as ReferentialVersion;
    const [file2019, file2024] = [read("2019"), read("2024")];
    const codes2019 = new Set(allCriteria(file2019).map((c) => c.code));
    const parent = new Map<string, string>();
    const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
    const link = (a: string, b: string) => parent.set(find(a), find(b));
    for (const c of codes2019) parent.set(`old ${c}`, `old ${c}`);
    for (const c of allCriteria(file2024)) {
      parent.set(`new ${c.code}`, `new ${c.code}`);
      for (const from of c.replaces ?? (codes2019.has(c.code) ? [c.code] : [])) link(`new ${c.code}`, `old ${from}`);
    }
    const groups = new Map<string, { old: number; new: number }>();
    for (const node of parent.keys()) {
      const group = groups.get(find(node)) ?? { old: 0, new: 0 };
      group[node.startsWith("old") ? "old" : "new"]++;
      groups.set(find(node), group);
    }
    const count = (test: (g: { old: number; new: number }) => boolean) => [...groups.values()].filter(test).length;
    const declared = {
      added: count((g) => g.old === 0),
      removed: count((g) => g.new === 0),
      continued: count((g) => g.old === 1 && g.new === 1),
      merged: count((g) => g.old > 1 && g.new === 1),
      split: count((g) => g.old === 1 && g.new > 1),
      regrouped: count((g) => g.old > 1 && g.new > 1),
    };
    // The versions as stored and read back from the database (`replaces: []` included).
    const diff = diffVersions(v2019, v2024);
    const oneToOne = new Set([...diff.moved.map((m) => m.newer.code), ...diff.reworded.map((r) => r.newerCode), ...diff.tierChanged.map((t) => t.newerCode), ...diff.detailsChanged.map((d) => d.newerCode)]);
    const { added, removed, merged, split, regrouped, unchanged } = diff.summary;
    expect({ added, removed, continued: oneToOne.size + unchanged, merged, split, regrouped }).toEqual(declared);
    // The figures themselves, from the file's lineage as corrected in this release (before: 47 added, 3 removed,
    // 39 continued, 4 merged, 16 split, 6 regrouped, from codes reused for unrelated criteria).
    expect(declared).toEqual({ added: 67, removed: 5, continued: 50, merged: 9, split: 5, regrouped: 0 });

    // On the page: 2024's 1.3.3 (public annual report) is new, 2019's 1.3.3 (staff uniform) is removed, not re-tiered.
    const b = await signedIn("touba@label.example.org", EN);
    const html = await text(await b.get("/referentials/diff?from=label-qss@2019&to=label-qss@2024"));
    const section = (id: string) => html.slice(html.indexOf(`<section id="${id}"`), html.indexOf("</section>", html.indexOf(`<section id="${id}"`)));
    expect(section("added")).toContain("The hospital publishes an annual quality and safety report");
    expect(section("removed")).toContain("Staff wear a clean uniform and a badge showing their name and job title.");
    expect(section("tierChanged")).toContain(">7.1.2<"); // 6.1.2 → 7.1.2, core → critical
    expect(section("tierChanged")).not.toContain(">1.3.3<");
    expect(section("split")).toContain(">4.4.1<"); // → 4.3.1 + 13.1.3
    expect(section("split")).not.toContain(">8.3.1<");
    const criterionPage = await text(await b.get("/referentials/label-qss/2024/criteria/1.3.3"));
    expect(criterionPage).toContain("New criterion: it continues no criterion of the previous version, whatever the code.");
    const french = await text(await (await signedIn()).get("/referentials/label-qss/2024/criteria/1.3.3"));
    expect(french).toContain("Nouveau critère : il ne prolonge aucun critère de la version précédente, quel qu'en soit le code.");
  });

  it("puts versions given newest first back in order, and refuses malformed or identical versions without failing", async () => {
    const b = await signedIn("touba@label.example.org", EN);
    const swapped = await text(await b.get("/referentials/diff?from=label-qss@2024&to=label-qss@2019"));
    expect(swapped).toContain("put back in date order");
    expect(pageCounts(swapped).added).toBe(diffVersions(v2019, v2024).summary.added);
    const bad = await b.get("/referentials/diff?from=nonsense&to=label-qss@2024");
    expect(bad.status).toBe(400);
    expect(await text(bad)).toContain("Badly written version");
    const same = await b.get("/referentials/diff?from=label-qss@2024&to=label-qss@2024");
    expect(same.status).toBe(400);
    expect((await b.get("/referentials/diff?from=label-qss@2001&to=label-qss@2024")).status).toBe(404);
    const form = await b.get("/referentials/diff");
    expect(form.status).toBe(200);
    // By default the newest version against the one before it (two of the shipped and test versions are "2026").
    const selected = [...(await text(form)).matchAll(/<option value="([^"]+)" selected="">/g)].map((m) => m[1]);
    expect(selected).toHaveLength(2);
    const [from, to] = selected;
    expect(to).toMatch(/@2026$/);
    expect(from).not.toBe(to);
    // Only `to`: compared with the version before it.
    expect(pageCounts(await text(await b.get("/referentials/diff?to=label-qss@2024"))).added).toBe(diffVersions(v2019, v2024).summary.added);
  });
});

describe("downloads", () => {
  it("gives the YAML file exactly as imported", async () => {
    const b = await signedIn();
    const response = await b.get("/referentials/label-qss/2024/source");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("yaml");
    expect(response.headers.get("content-disposition")).toContain('filename="label-qss-2024.yaml"');
    expect(await response.text()).toBe(readFileSync("referentials/label-qss/2024.yaml", "utf8"));
  });

  it("renders a PDF of a chapter in the page language, accents included, and answers 304 when unchanged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "label-pdf-"));
    try {
      const b = await signedIn();
      const fr = await b.get("/referentials/label-qss/2024/pdf?chapter=9");
      expect(fr.status).toBe(200);
      expect(fr.headers.get("content-type")).toBe("application/pdf");
      expect(fr.headers.get("content-disposition")).toContain('filename="label-qss-2024-chapitre-9-fr.pdf"');
      const bytes = Buffer.from(await fr.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      writeFileSync(join(dir, "fr.pdf"), bytes);
      const frText = spawnSync("pdftotext", ["-layout", join(dir, "fr.pdf"), "-"], { encoding: "utf8" }).stdout;
      expect(frText).toContain("Prévention et contrôle des infections");
      expect(frText).toContain("Critère 9.2.3");
      expect(frText).toContain("Impératif");
      expect(frText).toContain("Sommaire");
      expect(frText).toMatch(/Page 1 sur \d+/);
      expect(frText).not.toContain("Gouvernance et leadership"); // one chapter only

      const etag = fr.headers.get("etag")!;
      const again = await b.request("/referentials/label-qss/2024/pdf?chapter=9", { headers: { "If-None-Match": etag } });
      expect(again.status).toBe(304);

      const en = await b.get("/referentials/label-qss/2024/pdf?chapter=9&lng=en");
      writeFileSync(join(dir, "en.pdf"), Buffer.from(await en.arrayBuffer()));
      const enText = spawnSync("pdftotext", [join(dir, "en.pdf"), "-"], { encoding: "utf8" }).stdout;
      expect(enText).toContain("Infection prevention and control");
      expect(enText).toContain("Critical");
      expect(enText).not.toContain("Prévention");
      expect(en.headers.get("etag")).not.toBe(etag);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints the level rules, tier floors included, in the whole version's PDF", async () => {
    const dir = mkdtempSync(join(tmpdir(), "label-pdf-"));
    try {
      const response = await (await signedIn()).get("/referentials/label-qss/2024/pdf?lng=en");
      expect(response.status).toBe(200);
      writeFileSync(join(dir, "en.pdf"), Buffer.from(await response.arrayBuffer()));
      const words = spawnSync("pdftotext", [join(dir, "en.pdf"), "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, " ");
      expect(words).toContain("Silver: every critical criterion rated Fully met (3), global score at least 75%, every chapter at least 65%, core criteria score at least 70%.");
      expect(words).toContain("every chapter at least 75%, core criteria score at least 80%, advanced criteria score at least 60%.");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
