/**
 * The look-alike corpus (test/core/lookalikeCorpus/README.md): dnstwist's permutations of eight
 * protected domains, and real domains that must be left alone, through the policy path Send uses.
 * Prints the per-class table that README.md shows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ONE_KEYSTROKE, ORGANISATIONS, REPORTED_ONLY, VISUAL, classifiers, readPermutations, readRealDomains, type Classifier } from "./lookalikeCorpus/corpus";

interface Tally {
  caught: number;
  total: number;
}

const add = (t: Tally, caught: boolean): void => {
  t.total += 1;
  if (caught) t.caught += 1;
};
const rate = (t: Tally): number => (t.total === 0 ? 1 : t.caught / t.total);
const percent = (t: Tally): string => `${(100 * rate(t)).toFixed(1)}%`;

const byDomain = new Map<string, Classifier>();
const all = classifiers();
for (const [name, org] of Object.entries(ORGANISATIONS)) {
  for (const domain of org.protects) byDomain.set(domain, all.find((c) => c.name === name) as Classifier);
}

const permutations = readPermutations();
const classes = new Map<string, Map<string, Tally>>();
const missed = new Map<string, string[]>();
for (const [protectedDomain, byClass] of permutations) {
  const classifier = byDomain.get(protectedDomain);
  if (!classifier) throw new Error(`${protectedDomain} is in permutations.txt but no organisation protects it`);
  for (const [cls, domains] of byClass) {
    const row = classes.get(cls) ?? new Map<string, Tally>();
    classes.set(cls, row);
    const tally = row.get(protectedDomain) ?? { caught: 0, total: 0 };
    row.set(protectedDomain, tally);
    for (const domain of domains) {
      const outcome = classifier.outcome(domain);
      if (outcome === "own") continue;
      add(tally, outcome !== "none");
      if (outcome === "none") missed.set(`${cls} ${protectedDomain}`, [...(missed.get(`${cls} ${protectedDomain}`) ?? []), domain]);
    }
  }
}

const protectedDomains = [...permutations.keys()];
const sum = (tallies: Iterable<Tally>): Tally => {
  const t = { caught: 0, total: 0 };
  for (const x of tallies) {
    t.caught += x.caught;
    t.total += x.total;
  }
  return t;
};
const mustCatch = [...classes.keys()].filter((c) => !REPORTED_ONLY.includes(c));
const mustCatchOf = (domain: string): Tally => sum(mustCatch.map((c) => classes.get(c)?.get(domain) ?? { caught: 0, total: 0 }));

const real = readRealDomains();
const realOutcomes = real.flatMap((domain) => all.map((c) => ({ domain, organisation: c.name, outcome: c.outcome(domain) })));
const realBlocked = realOutcomes.filter((o) => o.outcome === "block");
const realWarned = realOutcomes.filter((o) => o.outcome === "warn");

function table(): string {
  const header = `| class | ${protectedDomains.join(" | ")} | all |`;
  const rule = `| --- | ${protectedDomains.map(() => "---:").join(" | ")} | ---: |`;
  const rows = [...classes.keys()].sort().map((cls) => {
    const row = classes.get(cls) ?? new Map<string, Tally>();
    const cells = protectedDomains.map((d) => {
      const t = row.get(d);
      return t && t.total > 0 ? percent(t) : "—";
    });
    const tag = ONE_KEYSTROKE.includes(cls) ? " (one keystroke)" : VISUAL.includes(cls) ? " (visual)" : REPORTED_ONLY.includes(cls) ? " (reported only)" : "";
    return `| ${cls}${tag} | ${cells.join(" | ")} | ${percent(sum(row.values()))} (${sum(row.values()).total}) |`;
  });
  const must = `| **must-catch, together** | ${protectedDomains.map((d) => percent(mustCatchOf(d))).join(" | ")} | ${percent(sum(protectedDomains.map(mustCatchOf)))} (${sum(protectedDomains.map(mustCatchOf)).total}) |`;
  const realLine = `Real domains: ${real.length} × ${all.length} organisations' policies: ${realBlocked.length} blocked, ${realWarned.length} warned${realWarned.length > 0 ? ` (${realWarned.map((o) => `${o.domain} for the ${o.organisation}`).join(", ")})` : ""}.`;
  return [header, rule, ...rows, must, "", realLine].join("\n");
}

describe("the look-alike corpus", () => {
  beforeAll(() => {
    process.stdout.write(`\nLook-alike corpus (dnstwist permutations caught, by class and protected domain):\n\n${table()}\n\n`);
  });

  it("holds every class it is about, for all eight protected domains", () => {
    expect(protectedDomains).toHaveLength(8);
    for (const cls of [...ONE_KEYSTROKE, ...VISUAL, "dictionary", "embedded", "tld-swap"]) expect([cls, sum(classes.get(cls)?.values() ?? []).total > 0]).toEqual([cls, true]);
  });

  it.each(ONE_KEYSTROKE)("catches every %s permutation", (cls) => {
    const misses = protectedDomains.flatMap((d) => missed.get(`${cls} ${d}`) ?? []);
    expect(misses).toEqual([]);
  });

  it.each(protectedDomains)("catches ≥ 99.5%% of the visually identical permutations of %s", (domain) => {
    const t = sum(VISUAL.map((c) => classes.get(c)?.get(domain) ?? { caught: 0, total: 0 }));
    expect(t.total).toBeGreaterThan(0);
    expect(rate(t)).toBeGreaterThanOrEqual(0.995);
  });

  it("catches ≥ 97% of the must-catch permutations overall and ≥ 95% for each protected domain", () => {
    expect(rate(sum(protectedDomains.map(mustCatchOf)))).toBeGreaterThanOrEqual(0.97);
    const below = protectedDomains.filter((d) => rate(mustCatchOf(d)) < 0.95);
    expect(below).toEqual([]);
  });

  it("uses docs/policy.md's NHS example as the NHS trust's policy", () => {
    const docs = readFileSync(join(__dirname, "..", "..", "docs", "policy.md"), "utf8");
    const example = /### An NHS organisation[\s\S]*?```json\n([\s\S]*?)```/.exec(docs)?.[1];
    const { $schema: _schema, directory: _directory, ...policy } = JSON.parse(example ?? "{}") as Record<string, unknown>;
    expect(policy).toEqual(ORGANISATIONS["NHS trust"]?.policy);
  });

  it("blocks no real domain and warns about at most one", () => {
    expect(realBlocked).toEqual([]);
    expect(realWarned.length).toBeLessThanOrEqual(1);
  });
});
