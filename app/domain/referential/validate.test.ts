import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { asVersion2026, makeRatingGuidance, makeVersion } from "./fixtures.ts";
import { ReferentialVersionSchema, type ReferentialVersion } from "./schema.ts";
import { formatProblem, parseReferentialYaml, type ReferentialProblem } from "./validate.ts";

const base = () =>
  makeVersion({
    chapters: [
      [["critical", "core", { tier: "core", na_allowed: true }], ["advanced"]],
      [["core", "core"]],
    ],
  });

/** Mutate a copy of the base version, serialise it to YAML and return the problems as `path: message`. */
function problemsAfter(change: (v: ReferentialVersion & Record<string, unknown>) => void, previous?: ReferentialVersion): string[] {
  const version = structuredClone(base()) as ReferentialVersion & Record<string, unknown>;
  change(version);
  return problemsOf(stringify(version), previous);
}

function problemsOf(text: string, previous?: ReferentialVersion): string[] {
  const result = parseReferentialYaml(text, previous ? { previous } : {});
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

function criterion(v: ReferentialVersion, chapter: number, standard: number, index: number) {
  const found = v.chapters[chapter]?.standards[standard]?.criteria[index];
  if (!found) throw new Error("fixture has no such criterion");
  return found as typeof found & Record<string, unknown>;
}

describe("parseReferentialYaml", () => {
  it("accepts a valid version and returns it unchanged", () => {
    const result = parseReferentialYaml(stringify(base()));
    expect(result).toEqual({ ok: true, version: base() });
  });

  it("reports YAML syntax errors with line and column", () => {
    const result = parseReferentialYaml("code: label-qss\nversion: \"2024\"\nchapters: [1, 2\nlevels: 3\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ path: "", line: 4, column: 1 });
    expect(result.problems[0]?.message).toMatch(/^YAML syntax error at line 4, column 1: /);
  });

  it("reports duplicate YAML keys as syntax errors", () => {
    const result = parseReferentialYaml("code: label-qss\ncode: other\n");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/line 2, column 1: Map keys must be unique/);
  });

  it("rejects an empty file", () => {
    expect(problemsOf("")).toEqual([": the file must be a YAML mapping (key: value), not empty"]);
  });

  it("rejects unknown keys, at every depth", () => {
    expect(
      problemsAfter((v) => {
        v.colour = "#000000";
        criterion(v, 0, 0, 1).weight = 3;
      }),
    ).toEqual(["chapters[0].standards[0].criteria[1].weight: unknown key", "colour: unknown key"]);
  });

  it("rejects a criterion missing its English text", () => {
    expect(
      problemsAfter((v) => {
        delete (criterion(v, 1, 0, 1).text as Partial<{ en: string }>).en;
      }),
    ).toEqual(["chapters[1].standards[0].criteria[1].text.en: required"]);
  });

  it("rejects empty bilingual text", () => {
    expect(problemsAfter((v) => (criterion(v, 0, 1, 0).guidance.fr = "  "))).toEqual(["chapters[0].standards[1].criteria[0].guidance.fr: must not be empty"]);
  });

  it("refuses a control character in text (PostgreSQL cannot store U+0000), line breaks and tabs kept", () => {
    expect(problemsAfter((v) => (v.scale.values[0]!.label.en = "Fully\u0000met"))).toEqual(["scale.values[0].label.en: must not hold control characters (only line feeds and tabs)"]);
    expect(problemsAfter((v) => (criterion(v, 0, 1, 0).guidance.en = "First line\u001bsecond"))).toEqual([
      "chapters[0].standards[1].criteria[0].guidance.en: must not hold control characters (only line feeds and tabs)",
    ]);
    expect(problemsAfter((v) => (criterion(v, 0, 1, 0).guidance.en = "First line\n\tsecond line"))).toEqual([]);
  });

  it("rejects values of the wrong kind with a plain message", () => {
    expect(
      problemsAfter((v) => {
        (v as Record<string, unknown>).version = 2024;
        (criterion(v, 0, 0, 0) as Record<string, unknown>).tier = "optional";
        criterion(v, 0, 0, 0).methods = [];
        (v.scale.values[1] as Record<string, unknown>).weight = 700.5;
        (v as Record<string, unknown>).effective_date = "1 Sept 2024";
      }),
    ).toEqual([
      "version: must be a string",
      "effective_date: must be an ISO date (YYYY-MM-DD)",
      "scale.values[1].weight: must be an integer",
      "chapters[0].standards[0].criteria[0].tier: must be one of critical, core, advanced",
      "chapters[0].standards[0].criteria[0].methods: must list at least 1",
    ]);
  });

  it("rejects duplicate codes and says where the first one is", () => {
    expect(problemsAfter((v) => (criterion(v, 1, 0, 1).code = "2.1.1"))).toEqual([
      "chapters[1].standards[0].criteria[1].code: duplicate code 2.1.1 (also at chapters[1].standards[0].criteria[0])",
    ]);
    expect(
      problemsAfter((v) => {
        const standard = v.chapters[0]?.standards[1];
        if (standard) standard.code = "1.1";
        criterion(v, 0, 1, 0).code = "1.1.9";
      }),
    ).toEqual(["chapters[0].standards[1].code: duplicate code 1.1 (also at chapters[0].standards[0])"]);
  });

  it("rejects codes not prefixed by their parent's code", () => {
    expect(
      problemsAfter((v) => {
        const standard = v.chapters[1]?.standards[0];
        if (standard) standard.code = "3.1";
        criterion(v, 0, 0, 2).code = "1.2.7";
      }),
    ).toEqual([
      "chapters[0].standards[0].criteria[2].code: criterion code 1.2.7 must be prefixed by its standard's code (1.1.<n>)",
      "chapters[1].standards[0].code: standard code 3.1 must be prefixed by its chapter's code (2.<n>)",
      "chapters[1].standards[0].criteria[0].code: criterion code 2.1.1 must be prefixed by its standard's code (3.1.<n>)",
      "chapters[1].standards[0].criteria[1].code: criterion code 2.1.2 must be prefixed by its standard's code (3.1.<n>)",
    ]);
  });

  it("rejects a critical criterion that allows N/A without declaring the service it depends on", () => {
    expect(problemsAfter((v) => (criterion(v, 0, 0, 0).na_allowed = true))).toEqual([
      "chapters[0].standards[0].criteria[0].na_allowed: a critical criterion may allow N/A only when it depends on a service: declare service (one of emergency, intensive_care, surgery, maternity, neonatal_care, transfusion, imaging, laboratory, high_risk_procedures) or set na_allowed to false",
    ]);
  });

  it("accepts N/A on a critical criterion that depends on a service, and a service on any tier", () => {
    const result = parseReferentialYaml(
      stringify(
        makeVersion({
          chapters: [[[{ tier: "critical", na_allowed: true, service: "surgery" }, { tier: "core", na_allowed: true, service: "surgery" }, { tier: "advanced", na_allowed: true, service: "imaging" }]]],
        }),
      ),
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.version.chapters[0]?.standards[0]?.criteria.map((c) => c.service)).toEqual(["surgery", "surgery", "imaging"]);
  });

  it("rejects a service on a criterion that does not allow N/A, and a service that does not exist", () => {
    expect(problemsAfter((v) => (criterion(v, 0, 0, 0).service = "surgery"))).toEqual([
      "chapters[0].standards[0].criteria[0].service: a criterion that depends on a service must allow N/A (na_allowed: true), for hospitals without that service",
    ]);
    expect(
      problemsAfter((v) => {
        (criterion(v, 0, 0, 2) as Record<string, unknown>).service = "dentistry";
      }),
    ).toEqual([
      "chapters[0].standards[0].criteria[2].service: must be one of emergency, intensive_care, surgery, maternity, neonatal_care, transfusion, imaging, laboratory, high_risk_procedures",
    ]);
  });

  it("rejects level rules where Gold is easier than Silver", () => {
    expect(
      problemsAfter((v) => {
        const gold = v.levels[2];
        if (gold) gold.conditions.global_min_percent = 70;
      }),
    ).toEqual(["levels[2].conditions.global_min_percent: must be at least 75 (silver's value): gold must be at least as demanding as silver"]);
  });

  it("rejects a level no more demanding than the one below, levels out of order, and missing levels", () => {
    expect(
      problemsAfter((v) => {
        const [bronze, silver] = v.levels;
        if (bronze && silver) silver.conditions = { ...bronze.conditions };
      }),
    ).toEqual(["levels[1].conditions: silver must be more demanding than bronze on at least one condition"]);
    expect(problemsAfter((v) => v.levels.reverse())).toContain("levels[0].code: levels must be bronze, silver, gold, lowest first, each once: expected bronze here");
    expect(problemsAfter((v) => v.levels.pop())).toEqual(["levels: must list bronze, silver, gold, lowest first, each once (missing gold)"]);
  });

  it("orders tier floors like the other conditions: a level keeps, and may raise, the floors of the one below", () => {
    expect(
      problemsAfter((v) => {
        v.levels[1]!.conditions.tier_min_percent = { core: 70, advanced: 70 };
      }),
    ).toEqual(["levels[2].conditions.tier_min_percent.advanced: must be at least 70 (silver's value): gold must be at least as demanding as silver"]);
    expect(
      problemsAfter((v) => {
        v.levels[2]!.conditions.tier_min_percent = { advanced: 60 };
      }),
    ).toEqual(["levels[2].conditions.tier_min_percent.core: required: gold must be at least as demanding as silver, which sets tier_min_percent.core 70"]);
    // A floor alone makes a level more demanding than the one below.
    expect(
      problemsAfter((v) => {
        v.levels[1]!.conditions = { ...v.levels[0]!.conditions, tier_min_percent: { core: 50 } };
      }),
    ).toEqual([]);
  });

  it("names an unknown tier in a tier floor, and the rule that governs critical criteria, at the tier's path", () => {
    expect(
      problemsAfter((v) => {
        v.levels[1]!.conditions.tier_min_percent = { core: 70, basic: 50 } as never;
      }),
    ).toEqual(["levels[1].conditions.tier_min_percent.basic: unknown tier basic (tiers: core, advanced)"]);
    expect(
      problemsAfter((v) => {
        v.levels[1]!.conditions.tier_min_percent = { core: 70, critical: 100 } as never;
      }),
    ).toEqual(["levels[1].conditions.tier_min_percent.critical: the critical tier is ruled by critical_min_value, not by a score floor (tiers: core, advanced)"]);
  });

  it("rejects a tier floor that is not a percentage, or an empty one", () => {
    expect(
      problemsAfter((v) => {
        v.levels[1]!.conditions.tier_min_percent = { core: 70.5 };
      }),
    ).toEqual(["levels[1].conditions.tier_min_percent.core: must be an integer"]);
    expect(
      problemsAfter((v) => {
        v.levels[2]!.conditions.tier_min_percent = { core: 101, advanced: 60 };
      }),
    ).toEqual(["levels[2].conditions.tier_min_percent.core: must be at most 100"]);
    expect(
      problemsAfter((v) => {
        v.levels[1]!.conditions.tier_min_percent = {};
        v.levels[2]!.conditions.tier_min_percent = {};
      }),
    ).toEqual([
      "levels[1].conditions.tier_min_percent: must name at least one tier (core, advanced), or be left out",
      "levels[2].conditions.tier_min_percent: must name at least one tier (core, advanced), or be left out",
    ]);
  });

  it("reports a tier floor's problems with its line in the file", () => {
    const text = stringify(base()).replace("tier_min_percent:\n        core: 70\n", "tier_min_percent:\n        basic: 70\n");
    const result = parseReferentialYaml(text);
    if (result.ok) throw new Error("expected a problem");
    const line = text.split("\n").findIndex((l) => l.includes("basic: 70")) + 1;
    expect(result.problems).toEqual([expect.objectContaining({ path: "levels[1].conditions.tier_min_percent.basic", line })]);
  });

  it("rejects a critical threshold that is not a scale value", () => {
    expect(
      problemsAfter((v) => {
        const bronze = v.levels[0];
        if (bronze) bronze.conditions.critical_min_value = 5;
      }),
    ).toContain("levels[0].conditions.critical_min_value: must be one of the scale values: 3, 2, 1, 0");
  });

  it("rejects a scale with repeated values, weights out of range or not decreasing", () => {
    expect(
      problemsAfter((v) => {
        const second = v.scale.values[1];
        if (second) second.value = 3;
      }),
    ).toEqual([
      "scale.values[1].value: duplicate value 3 (also at scale.values[0])",
      "levels[0].conditions.critical_min_value: must be one of the scale values: 3, 1, 0",
    ]);
    expect(
      problemsAfter((v) => {
        const third = v.scale.values[2];
        if (third) third.weight = 800;
      }),
    ).toEqual(["scale.values[2].weight: weights must decrease strictly with value (800 for 1 is not below 700 for 2)"]);
    expect(
      problemsAfter((v) => {
        const first = v.scale.values[0];
        if (first) first.weight = 1200;
      }),
    ).toEqual(["scale.values[0].weight: must be at most 1000"]);
  });

  it("checks review dates against the 4-year ISQua cycle", () => {
    expect(problemsAfter((v) => (v.review_by = "2029-01-01"))).toEqual([
      "review_by: must be at most 4 years after effective_date (2028-09-01 at the latest; ISQua review cycle)",
    ]);
  });

  it("requires every replaces code to exist in the previous version", () => {
    const previous = makeVersion({ version: "2019", chapters: [[["critical", "core"]]] });
    expect(problemsAfter((v) => (criterion(v, 0, 0, 1).replaces = ["1.1.2", "7.1.9"]), previous)).toEqual([
      "chapters[0].standards[0].criteria[1].replaces[1]: code 7.1.9 does not exist in version 2019",
    ]);
    expect(problemsAfter((v) => (criterion(v, 0, 0, 1).replaces = ["1.1.2"]), previous)).toEqual([]);
  });

  it("rejects replaces in a version with no previous version", () => {
    expect(problemsAfter((v) => (criterion(v, 0, 0, 1).replaces = ["1.1.2"]))).toEqual([
      "chapters[0].standards[0].criteria[1].replaces: replaces is only allowed in a version that follows a previous one (no previous version given)",
    ]);
  });

  describe("a code reused from the previous version", () => {
    const uniform = { fr: "Le personnel porte une tenue propre et un badge indiquant son nom et sa fonction.", en: "Staff wear a clean uniform and a badge showing their name and job title." };
    const annualReport = {
      fr: "L'établissement publie un rapport annuel sur la qualité et la sécurité des soins.",
      en: "The hospital publishes an annual quality and safety report.",
    };
    /** 2019, whose 1.1.2 is the uniform criterion. */
    const previous = makeVersion({ version: "2019", chapters: [[["critical", { tier: "core", text: uniform }]]] });
    const reuse = (text: { fr: string; en: string }, replaces?: string[]) => (v: ReferentialVersion) => {
      const reused = criterion(v, 0, 0, 1);
      reused.text = text;
      if (replaces) reused.replaces = replaces;
    };

    it("refuses unrelated wording under a code of the previous version unless replaces says what it is", () => {
      expect(problemsAfter(reuse(annualReport), previous)).toEqual([
        'chapters[0].standards[0].criteria[1].code: code 1.1.2 existed in 2019 with unrelated wording (8 % similar, below 25 %): write replaces: ["1.1.2"] if this criterion continues it, or replaces: [] if it is new',
      ]);
      expect(problemsAfter(reuse(annualReport, []), previous)).toEqual([]);
      expect(problemsAfter(reuse(annualReport, ["1.1.2"]), previous)).toEqual([]);
      // A code the previous version did not have is new anyway; a first version has nothing to compare with.
      expect(
        problemsAfter((v) => {
          criterion(v, 0, 0, 1).text = uniform;
          criterion(v, 0, 0, 2).text = annualReport;
        }, previous),
      ).toEqual([]);
      expect(problemsAfter(reuse(annualReport))).toEqual([]);
    });

    it("takes the threshold exactly, on the words the two texts share, in the language where they are closest", () => {
      const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
      const old = { fr: "Texte français sans rapport", en: [...words("shared", 6), ...words("old", 9)].join(" ") };
      const previousVersion = makeVersion({ version: "2019", chapters: [[["critical", { tier: "core", text: old }]]] });
      const english = (extra: number) => ({ fr: "Tout autre chose", en: [...words("shared", 6), ...words("new", extra)].join(" ") });
      // 6 shared words out of 24 distinct: 25 %, the threshold itself.
      expect(problemsAfter(reuse(english(9)), previousVersion)).toEqual([]);
      // 6 out of 25: 24 %.
      expect(problemsAfter(reuse(english(10)), previousVersion)).toEqual([
        'chapters[0].standards[0].criteria[1].code: code 1.1.2 existed in 2019 with unrelated wording (24 % similar, below 25 %): write replaces: ["1.1.2"] if this criterion continues it, or replaces: [] if it is new',
      ]);
      // Close in English only is close enough: the French was reworded more freely.
      expect(problemsAfter(reuse({ fr: "Tout autre chose", en: old.en }), previousVersion)).toEqual([]);
    });

    it("accepts replaces: [] only in a version that follows another", () => {
      expect(problemsAfter(reuse(annualReport, []), previous)).toEqual([]);
      expect(problemsAfter((v) => (criterion(v, 0, 0, 1).replaces = []))).toEqual([
        "chapters[0].standards[0].criteria[1].replaces: replaces is only allowed in a version that follows a previous one (no previous version given)",
      ]);
    });
  });

  it("locates each problem in the YAML text", () => {
    const text = stringify(base()).replace("tier: advanced", "tier: advanced\n            extra: 1");
    const result = parseReferentialYaml(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems[0] as ReferentialProblem;
    expect(problem.path).toBe("chapters[0].standards[1].criteria[0].extra");
    expect(text.split("\n")[(problem.line ?? 0) - 1]).toContain("extra: 1");
    expect(formatProblem(problem)).toMatch(/^chapters\[0\]\.standards\[1\]\.criteria\[0\]\.extra: unknown key \(line \d+, column \d+\)$/);
  });

  it("exposes the same rules through the zod schema", () => {
    const version = structuredClone(base());
    const first = version.chapters[0]?.standards[0]?.criteria[0];
    if (first) first.na_allowed = true;
    const result = ReferentialVersionSchema.safeParse(version);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["chapters", 0, "standards", 0, "criteria", 0, "na_allowed"]);
  });

  describe("rating guidance and the metadata of ISQua principles 1–2", () => {
    /** The base version numbered 2026 with its metadata, and guidance on its only critical criterion (1.1.1). */
    const in2026 = (v: ReferentialVersion & Record<string, unknown>) => {
      Object.assign(v, asVersion2026(v));
    };

    it("accepts a 2026 version with its metadata and guidance, and returns the guidance and the sample", () => {
      const sample = { fr: "20 dossiers tirés au sort", en: "20 randomly drawn records" };
      const version = structuredClone(base()) as ReferentialVersion & Record<string, unknown>;
      in2026(version);
      criterion(version, 0, 0, 1).rating_guidance = { ...makeRatingGuidance("1.1.2"), sample };
      const result = parseReferentialYaml(stringify(version));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.version.chapters[0]?.standards[0]?.criteria[1]?.rating_guidance?.sample).toEqual(sample);
      expect(result.version.development?.next_review).toBe("2030-03-01");
      expect(result).toEqual({ ok: true, version });
    });

    it("leaves versions before 2026 valid without them", () => {
      expect(problemsAfter((v) => (criterion(v, 1, 0, 0).text.fr = "Au moins 95 % des patients"))).toEqual([]);
      expect(problemsAfter((v) => (v.version = "2025.9"))).toEqual([]);
    });

    it("requires from 2026 the metadata, and guidance on every critical criterion and every criterion with a percentage target", () => {
      expect(problemsAfter((v) => (v.version = "2026"))).toEqual([
        "glossary: required from version 2026 (ISQua principles 1–2)",
        "references: required from version 2026 (ISQua principles 1–2)",
        "tier_rationale: required from version 2026 (ISQua principles 1–2)",
        "rules_rationale: required from version 2026 (ISQua principles 1–2)",
        "development: required from version 2026 (ISQua principles 1–2)",
        "chapters[0].standards[0].criteria[0].rating_guidance: required on a critical criterion from version 2026: say what earns each scale value (3, 2, 1, 0)",
      ]);
      expect(
        problemsAfter((v) => {
          in2026(v);
          criterion(v, 1, 0, 0).text.fr = "Au moins 95 % des patients";
          criterion(v, 1, 0, 1).text.en = "At least 90% of records";
          criterion(v, 0, 1, 0).text.en = "95 patients"; // a number that is not a percentage
        }),
      ).toEqual([
        "chapters[1].standards[0].criteria[0].rating_guidance: required on a criterion that states a numeric target (a percentage) from version 2026: say what earns each scale value (3, 2, 1, 0)",
        "chapters[1].standards[0].criteria[1].rating_guidance: required on a criterion that states a numeric target (a percentage) from version 2026: say what earns each scale value (3, 2, 1, 0)",
      ]);
    });

    it("requires the keys to be exactly the scale's values, plus an optional sample", () => {
      expect(
        problemsAfter((v) => {
          in2026(v);
          const guidance = criterion(v, 0, 0, 0).rating_guidance as Record<string, unknown>;
          delete guidance["1"];
          guidance["4"] = { fr: "Au-delà", en: "Beyond" };
          guidance.echantillon = { fr: "10 dossiers", en: "10 records" };
        }),
      ).toEqual([
        "chapters[0].standards[0].criteria[0].rating_guidance: must say what earns every scale value: missing 1",
        "chapters[0].standards[0].criteria[0].rating_guidance.4: unknown key: the keys are the scale values (3, 2, 1, 0) and sample",
        "chapters[0].standards[0].criteria[0].rating_guidance.echantillon: unknown key: the keys are the scale values (3, 2, 1, 0) and sample",
      ]);
      expect(problemsAfter((v) => (criterion(v, 0, 0, 0).rating_guidance = { ...makeRatingGuidance("x"), "3": { fr: "Tout" } as never }))).toEqual([
        "chapters[0].standards[0].criteria[0].rating_guidance.3.en: required",
      ]);
    });

    it("rejects unknown keys, duplicate glossary terms, a reference that is not https and a review before approval", () => {
      expect(
        problemsAfter((v) => {
          in2026(v);
          const glossary = v.glossary as { term: { fr: string; en: string }; definition: unknown }[];
          glossary.push({ term: { fr: "traceur ", en: "Patient tracer" }, definition: { fr: "Autre", en: "Other" } });
          (v.references as Record<string, unknown>[])[0]!.url = "http://www.who.int";
          (v.references as Record<string, unknown>[])[0]!.year = 2009;
          (v.development as Record<string, unknown>).next_review = "2026-03-01";
          (v.development as Record<string, unknown>).reviewers = "x";
        }).sort(),
      ).toEqual([
        "development.next_review: must be after approved_on (2026-03-01)",
        "development.reviewers: unknown key",
        "glossary[1].term.fr: duplicate term traceur (also at glossary[0])",
        "references[0].url: must be an https:// address",
        "references[0].year: unknown key",
      ]);
    });
  });
});
