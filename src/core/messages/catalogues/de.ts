/** German catalogue. */
import type { RecipientField } from "../../types";
import type { Catalogue, DirectoryFailureCause, MessageKind } from "../Catalogue";

const NOUN: Record<MessageKind, { subject: string; many: string }> = {
  new: { subject: "Diese neue Nachricht", many: "neue Nachrichten" },
  reply: { subject: "Diese Antwort", many: "Antworten" },
  forward: { subject: "Diese Weiterleitung", many: "Weiterleitungen" },
};

const FIELD: Record<RecipientField, string> = { to: "An", cc: "Cc", bcc: "Bcc" };

const DIRECTORY_FAILURE: Record<DirectoryFailureCause, string> = {
  timeout: "Die Größe der Listen ließ sich nicht rechtzeitig prüfen: Das Verzeichnis hat zu lange gebraucht.",
  throttled: "Die Größe der Listen ließ sich nicht rechtzeitig prüfen: Das Verzeichnis ist gerade überlastet.",
  forbidden: "Die Größe der Listen ließ sich nicht prüfen: Dem Add-in fehlt die Berechtigung dazu.",
  unauthorized: "Die Größe der Listen ließ sich nicht prüfen: Die Anmeldung beim Verzeichnis ist fehlgeschlagen.",
  unavailable: "Die Größe der Listen ließ sich nicht rechtzeitig prüfen: Der Verzeichnisdienst ist nicht erreichbar.",
  network: "Die Größe der Listen ließ sich nicht rechtzeitig prüfen: Die Netzwerkverbindung ist fehlgeschlagen.",
  other: "Die Größe der Listen ließ sich nicht rechtzeitig prüfen.",
};

/** German (Germany); also used for de-AT, de-CH and other German. */
export const deDE: Catalogue = {
  locale: "de-DE",
  people: {
    exact: { one: (n) => `${n} Person`, other: (n) => `${n} Personen` },
    atLeast: { one: (n) => `mindestens ${n} Person`, other: (n) => `mindestens ${n} Personen` },
    upTo: { one: (n) => `bis zu ${n} Person`, other: (n) => `bis zu ${n} Personen` },
    between: (lower, upper) => `zwischen ${lower} und ${upper} Personen`,
    unknown: "eine unbekannte Zahl von Personen",
  },
  andMore: { other: (n) => `${n} weitere` },
  and: " und ",
  looksLike: (domain, imitates, near) => `${domain} ${near ? "ähnelt" : "sieht aus wie"} ${imitates}`,
  reasons: {
    "large-audience": ({ kind, people, limit, certain, lists }) =>
      `${NOUN[kind].subject} erreicht ${certain ? "" : "möglicherweise "}${people} – über dem Limit von ${limit} für ${NOUN[kind].many}.` +
      (lists ? ` Sie geht an ${lists}.` : ""),
    "bcc-advised": ({ people, limit }) =>
      `An und Cc erreichen ${people}, mehr als ${limit}. Alle dort sehen die Adressen der anderen und können allen antworten; setzen Sie die Listen besser in Bcc.`,
    "external-recipients": ({ people, domains, lists, listCount }) =>
      `Diese Nachricht geht an ${people} außerhalb Ihrer Organisation${domains ? ` (${domains})` : ""}.` +
      (lists ? ` ${listCount === 1 ? "Die Liste" : "Die Listen"} ${lists} ${listCount === 1 ? "enthält" : "enthalten"} Personen außerhalb Ihrer Organisation.` : ""),
    "blocked-domain": ({ domains }) =>
      domains
        ? `Ihre Organisation erlaubt keine Nachrichten an ${domains}. Entfernen Sie diese Empfänger, um zu senden.`
        : "Ihre Organisation erlaubt keine Nachrichten an einige dieser Empfänger. Entfernen Sie sie, um zu senden.",
    "lookalike-domain": ({ pairs, count }) =>
      pairs
        ? `Prüfen Sie die Empfänger: ${pairs} – ${count === 1 ? "es ist aber eine andere Domain" : "es sind aber andere Domains"}.`
        : "Prüfen Sie die Empfänger: Eine Domain ähnelt einer bekannten, ist aber eine andere.",
    "unknown-list": ({ lists, count, people }) =>
      `Die Größe ${lists ? `${count === 1 ? "der Liste" : "der Listen"} ${lists}` : "einer Liste"} ließ sich nicht ermitteln${people ? `: Die Nachricht erreicht ${people}, vielleicht mehr.` : "; die Nachricht erreicht vielleicht mehr Personen als angezeigt."}`,
    "directory-failure": ({ cause }) => `${DIRECTORY_FAILURE[cause]} Wie viele Personen die Nachricht erreicht, ist unbekannt.`,
    "unread-recipients": ({ fields, people }) =>
      `Outlook hat nur einen Teil von ${fields.map((f) => FIELD[f]).join(", ")} übergeben: Die Nachricht erreicht ${people}, und unter den nicht lesbaren Empfängern können Personen außerhalb Ihrer Organisation sein.`,
    "invalid-recipient": ({ recipients, count }) =>
      recipients
        ? count === 1
          ? `Diese Adresse ist ungültig und wurde nicht geprüft: ${recipients}.`
          : `Diese Adressen sind ungültig und wurden nicht geprüft: ${recipients}.`
        : "Einige Adressen sind ungültig und wurden nicht geprüft.",
  },
  fixes: {
    "reply-to-sender-only": { label: "Nur dem Absender antworten", short: "Nur an Absender" },
    "move-lists-to-bcc": { label: "Listen in Bcc verschieben", short: "Listen in Bcc" },
    "remove-external": { label: "Externe Empfänger entfernen", short: "Externe entfernen" },
    "remove-blocked": { label: "Gesperrte Empfänger entfernen", short: "Gesperrte entfernen" },
    "remove-lookalike": { label: "Täuschend ähnliche Adressen entfernen", short: "Imitate entfernen" },
  },
  policyFallbackNotice:
    "Die Audience-Guard-Richtlinie Ihrer Organisation konnte nicht geladen werden oder ist ungültig; es gelten die Standardeinstellungen. Bitte wenden Sie sich an Ihre IT-Abteilung.",
};
