import { evaluate, type Verdict } from "../../src/core/evaluate";
import { SUPPORTED_LOCALES, formatPeople, formatPolicyFallbackNotice, orderReasons } from "../../src/core/messages";
import type { ListExpansion, MessageSnapshot, RecipientInput } from "../../src/core/types";
import { launchTexts } from "../../src/launchevent/launchTexts";
import { alertMessage, completionForVerdict, type AlertNote } from "../../src/launchevent/smartAlert";
import type { MailboxVersion } from "../../src/office/Mailbox";
import { smartAlertsFeatures } from "../../src/office/requirements";
import { counted, list, person, policy } from "../fixtures/builders";

/** Every launch-event message fits Outlook's 500 characters, in every locale, for the worst verdicts. */

const LONG = "Département des ressources humaines et de la communication interne — liste de diffusion régionale (archive)";

function worstMessage(composeType: MessageSnapshot["composeType"]): { message: MessageSnapshot; lists: ListExpansion[] } {
  const lists = Array.from({ length: 6 }, (_, i) => counted(`list${i}@contoso.com`, 840_000 + i, 12_345, `${LONG} ${i}`));
  const external: RecipientInput[] = Array.from({ length: 12 }, (_, i) => person(`someone@very-long-partner-domain-name-number-${i}.example.co.uk`, `External ${i}`));
  return {
    lists,
    message: {
      composeType,
      from: "megan@contoso.com",
      to: [...lists.map((l) => list(l.address, l.displayName)), ...external, person("a@gmail.com"), person("ceo@c0ntoso.com"), person("ceo@contoso.com.evil.example")],
      cc: [list("dynamic@contoso.com", `${LONG} dynamic`), { emailAddress: "not an address at all", displayName: "Broken <<>>" }],
      bcc: [person("x@hotmail.com")],
    },
  };
}

const POLICY = policy({ internalDomains: ["contoso.com"], blockedDomains: ["gmail.com", "hotmail.com"], lookalike: "warn", external: "warn" });

function verdicts(locale: string): Verdict[] {
  const out: Verdict[] = [];
  for (const composeType of ["new", "reply", "forward"] as const) {
    const { message, lists } = worstMessage(composeType);
    out.push(evaluate({ message, policy: POLICY, lists, locale }));
    out.push(evaluate({ message, policy: POLICY, lists: [], directoryFailure: "directory_timeout", locale }));
  }
  return out;
}

/** The formatted count the worst verdicts reach (all six lists, largest first: 840,005 at least). */
const PEOPLE = (locale: string): string => formatPeople({ lower: 840_005, upper: 840_005 }, locale).split(" ")[0] ?? "";

const CLIENTS: MailboxVersion[] = ["1.14", "1.15", "1.16"];

describe.each(SUPPORTED_LOCALES)("launch-event messages in %s", (locale) => {
  const texts = launchTexts(locale);
  const notes: AlertNote[] = [{ text: texts.noDirectory, optional: true }, { text: formatPolicyFallbackNotice(locale) }];

  it.each(CLIENTS)("fit 500 characters on a Mailbox %s client, keep the required notes and name the people", (client) => {
    const features = smartAlertsFeatures((v) => ["1.12", "1.13", "1.14", "1.15", "1.16"].indexOf(v) <= ["1.12", "1.13", "1.14", "1.15", "1.16"].indexOf(client));
    for (const verdict of verdicts(locale)) {
      expect(verdict.action).not.toBe("allow");
      const completion = completionForVerdict({ verdict, features, notes, promptUser: "promptUser" });
      expect(completion.errorMessage?.length).toBeLessThanOrEqual(500);
      expect(completion.errorMessage).toContain(formatPolicyFallbackNotice(locale));
      const blocking = verdict.reasons.filter((r) => r.action === "block");
      // Every blocking reason is told, whole when they all fit beside the required notes.
      const wholeFits = [...blocking.map((r) => r.message), formatPolicyFallbackNotice(locale), texts.moreInPane(99)].join(" ").length <= 500;
      if (wholeFits) for (const reason of blocking) expect(completion.errorMessage).toContain(reason.message);
      const [worst] = orderReasons(blocking);
      if (worst) expect(completion.errorMessage).toContain(worst.message.slice(0, 40));
      const large = verdict.reasons.find((r) => r.code === "large-audience");
      if (large && completion.errorMessage?.includes(large.message.slice(0, 20))) expect(completion.errorMessage).toContain(PEOPLE(locale));
      const told = verdict.reasons.filter((r) => completion.errorMessage?.includes(r.message.slice(0, 40))).length;
      if (told < verdict.reasons.length) expect(completion.errorMessage).toContain(texts.moreInPane(verdict.reasons.length - told));
      if (completion.errorMessageMarkdown !== undefined) expect(completion.errorMessageMarkdown.length).toBeLessThanOrEqual(500);
      if (completion.cancelLabel !== undefined) expect(completion.cancelLabel.length).toBeLessThanOrEqual(20);
    }
  });

  it("keeps every fallback message within 500 characters", () => {
    for (const parts of [
      [texts.checkFailed, texts.checkFailedBlock],
      [texts.checkFailed, texts.checkFailedPrompt],
    ]) {
      const message = alertMessage([], parts.map((text) => ({ text })));
      expect(message).toBe(parts.join(" "));
      expect(message.length).toBeLessThanOrEqual(500);
    }
  });
});
