import { readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Each documented rule of ../shared/graph/README.md's table, by the start of its first cell, and
 * the tests in test/fake-graph that hold the fake to it. The check fails when a row of the table
 * has no entry here, or when a named test is not in its file.
 */
export interface RuleCoverage {
  /** The first words of the rule's cell, as written in the README. */
  rule: string;
  tests: readonly { file: string; name: string }[];
}

const t = (file: string, name: string): { file: string; name: string } => ({ file: `test/fake-graph/${file}`, name });

export const RULE_COVERAGE: readonly RuleCoverage[] = [
  {
    rule: "An OData cast on `transitiveMembers`/`members` needs",
    tests: [
      t("tenantKinds.test.ts", "refuses a cast listing without both ConsistencyLevel: eventual and $count=true"),
      t("tenantKinds.test.ts", "refuses the /$count segment without the header and ignores $count=true without it on a plain listing"),
      t("transitiveMembers.test.ts", "adds @odata.count only with ConsistencyLevel: eventual, and ignores $count=true without it"),
      t("transitiveMembers.test.ts", "refuses the userType filter without ConsistencyLevel and $count=true"),
    ],
  },
  {
    rule: "A cast to a member type the group cannot hold",
    tests: [
      t("tenantKinds.test.ts", "refuses an orgContact cast on a Microsoft 365 group, listing or counting, with 400 Request_UnsupportedQuery"),
      t("tenantKinds.test.ts", "lets a security group hold contacts and groups"),
      t("types.test.ts", "refuses a Microsoft 365 group that holds a contact or a group, and a typed dynamic list"),
    ],
  },
  {
    rule: "Without permission to read a member's type",
    tests: [
      t("tenantKinds.test.ts", "lists users with @odata.type and id only when users cannot be read, and still counts them"),
      t("tenantKinds.test.ts", "lists contacts with limited information when contacts cannot be read"),
      t("tenantKinds.test.ts", "refuses a userType filter when users cannot be read (403), so a guest count is never a silent 0"),
    ],
  },
  {
    rule: "Distribution lists are groups with",
    tests: [
      t("tenantKinds.test.ts", "serves groupTypes, mailEnabled, securityEnabled and proxyAddresses by kind"),
      t("groups.test.ts", "does not know dynamic distribution groups"),
      t("transitiveMembers.test.ts", "does not expand a dynamic list nested in a static one"),
    ],
  },
  {
    rule: "`mail` holds the primary SMTP address only",
    tests: [
      t("tenantKinds.test.ts", "finds a list by any of its addresses with proxyAddresses/any, case-insensitively"),
      t("tenantKinds.test.ts", "matches mail on the primary address only, and needs the smtp: prefix in proxyAddresses"),
      t("tenantKinds.test.ts", "combines mail and proxyAddresses clauses with or"),
    ],
  },
  {
    rule: "`$batch`: at most 20 parts",
    tests: [
      t("batch.test.ts", "accepts 20 requests and refuses 21"),
      t("batch.test.ts", "refuses a batch with %s"),
      t("batch.test.ts", "answers %s in its own part"),
      t("batch.test.ts", "answers each part with its own status, honouring inner headers, and counts as one request"),
      t("batch.test.ts", "answers 424 to a part whose dependency failed"),
      t("throttling.test.ts", "throttles batch parts one by one: a 429 inside a 200 batch, Retry-After in the part's headers"),
    ],
  },
  {
    rule: "`getMailTips` (delegated `Mail.Read`)",
    tests: [
      t("getMailTips.test.ts", "reports a group's direct members, a nested list counting as one, and the direct external people"),
      t("getMailTips.test.ts", "reports stale metrics when the group overrides them"),
      t("getMailTips.test.ts", "omits the counts when the group has no metrics"),
    ],
  },
  {
    rule: "Identity-service throttling is per application + tenant",
    tests: [
      t("throttling.test.ts", "costs %s %s %d units by the published table"),
      t("throttling.test.ts", "charges each request and each batch part, reports them in x-ms-resource-unit, and a batch costs the sum of its parts"),
      t("throttling.test.ts", "throttles with 429 once the application's budget for the 10-second window is spent, until the window ends"),
      t("throttling.test.ts", "records x-ms-throttle-priority, on requests and on batch parts, and lets browsers send it"),
    ],
  },
  {
    rule: "The Outlook service (mail tips) allows 4 concurrent requests",
    tests: [
      t("throttling.test.ts", "answers the 5th concurrent getMailTips with 429 ApplicationThrottled (MailboxConcurrency), and frees slots as requests end"),
      t("throttling.test.ts", "allows 10,000 requests per mailbox per 10 minutes (here a budget of 2), per token"),
    ],
  },
  {
    rule: "Browsers cannot read `Retry-After` from Graph",
    tests: [t("groups.test.ts", "lets a browser read request ids but not Retry-After")],
  },
  {
    rule: "Errors are `{\"error\":{\"code\",\"message\",\"innerError\":{…}}}`",
    tests: [
      t("groups.test.ts", "shapes errors like Graph and echoes client-request-id"),
      t("groups.test.ts", "answers 403 Authorization_RequestDenied when group permissions are not consented"),
      t("getMailTips.test.ts", "answers 403 ErrorAccessDenied when Mail.Read is not consented"),
    ],
  },
];

/** The first cell of each row of the README's rules table (header and separator skipped). */
export function ruleRows(readme: string): string[] {
  const lines = readme.split("\n");
  const header = lines.findIndex((line) => /^\|\s*rule\s*\|/i.test(line));
  if (header < 0) return [];
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    // The first cell ends at the first ` | ` outside backticks.
    let cell = "";
    let code = false;
    for (let i = 1; i < line.length; i++) {
      const c = line[i] as string;
      if (c === "`") code = !code;
      if (c === "|" && !code) break;
      cell += c;
    }
    rows.push(cell.trim());
  }
  return rows;
}

/** Problems: rows without coverage, coverage for no row, named tests that do not exist. */
export async function checkRuleCoverage(readme: string, repoRoot: string): Promise<string[]> {
  const problems: string[] = [];
  const rows = ruleRows(readme);
  if (rows.length === 0) problems.push("the README has no rules table");
  for (const row of rows) {
    const covering = RULE_COVERAGE.filter((c) => row.startsWith(c.rule));
    if (covering.length !== 1) problems.push(`rule "${row.slice(0, 70)}…" is covered by ${covering.length} entries of RULE_COVERAGE (need exactly 1)`);
  }
  for (const coverage of RULE_COVERAGE) {
    if (!rows.some((row) => row.startsWith(coverage.rule))) problems.push(`RULE_COVERAGE names a rule the README does not have: "${coverage.rule}"`);
    if (coverage.tests.length === 0) problems.push(`rule "${coverage.rule}" names no test`);
    for (const test of coverage.tests) {
      let source: string;
      try {
        source = await readFile(join(repoRoot, test.file), "utf8");
      } catch {
        problems.push(`rule "${coverage.rule}": ${test.file} does not exist`);
        continue;
      }
      const quoted = [`"${test.name}"`, `'${test.name}'`, `\`${test.name}\``];
      const declared = quoted.some((q) => new RegExp(`\\b(?:it|test)(?:\\.each\\([\\s\\S]*?\\))?\\(\\s*${escapeRegExp(q)}`).test(source));
      if (!declared) problems.push(`rule "${coverage.rule}": no test named "${test.name}" in ${test.file}`);
    }
  }
  return problems;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
