/** German task-pane catalogue. */
import type { TaskPaneStrings } from "../TaskPaneStrings";

export const deDE: TaskPaneStrings = {
  locale: "de-DE",
  count: {
    atLeast: (n) => `mindestens ${n}`,
    upTo: (n) => `bis zu ${n}`,
    between: (lower, upper) => `${lower}–${upper}`,
    unknown: "Unbekannt",
  },
  status: {
    checking: "Es wird geprüft, wen diese Nachricht erreicht …",
    updating: "Wird aktualisiert …",
    readFailed: "Audience Guard konnte die Empfänger dieser Nachricht nicht lesen.",
    checkFailed: "Audience Guard konnte die Prüfung dieser Nachricht nicht abschließen.",
    startFailed: "Audience Guard konnte nicht starten, weil ein Teil davon nicht geladen wurde. Diese Nachricht wurde nicht geprüft. Schließen Sie den Bereich und öffnen Sie ihn erneut.",
    tryAgain: "Erneut versuchen",
  },
  verdict: {
    allow: "Bereit zum Senden",
    warn: "Vor dem Senden prüfen",
    block: "Ändern Sie die Empfänger, bevor Sie senden",
  },
  summary: {
    heading: "Wen diese Nachricht erreicht",
    total: "Erreichte Personen",
    visible: "An und Cc",
    visibleHint: "Sie sehen einander und können allen antworten.",
    bcc: "Nur in Bcc",
    bccHint: "Für die anderen Empfänger unsichtbar.",
    external: "Außerhalb Ihrer Organisation",
  },
  lists: {
    heading: "Listen",
    name: "Liste",
    people: "Personen",
    external: "Extern",
    source: "Quelle",
    sources: {
      groupCounts: "Zählung im Verzeichnis",
      mailTips: "E-Mail-Info (evtl. veraltet)",
      enumerated: "Mitglied für Mitglied gezählt",
      index: "Listenindex der Organisation",
      unknown: "Unbekannt",
    },
    stale: "Möglicherweise veraltet",
    countedAgo: (age) => `Gezählt ${age}`,
    fields: { to: "An", cc: "Cc", bcc: "Bcc" },
  },
  domains: {
    heading: "Domains außerhalb Ihrer Organisation",
    groups: { trusted: "Vertrauenswürdig", external: "Extern", blocked: "Gesperrt", lookalike: "Täuschend ähnlich" },
  },
  fixes: {
    heading: "Beheben",
    applying: "Die Empfänger werden geändert …",
    failed: "Die Empfänger konnten nicht geändert werden. Versuchen Sie es erneut oder ändern Sie sie selbst.",
    fromAlert: "Das ist die Korrektur, die der Sendehinweis angeboten hat. Wählen Sie sie, um die Empfänger zu ändern, und senden Sie dann erneut.",
  },
  signIn: {
    message: "Melden Sie sich an, damit Audience Guard die Personen in Ihren Listen zählen kann.",
    button: "Anmelden",
    busy: "Anmeldung läuft …",
    failed: "Die Anmeldung wurde nicht abgeschlossen. Versuchen Sie es erneut.",
  },
  policy: {
    itHeading: "Details für die IT",
    problemsIntro: "policy.json hat diese Fehler:",
    fetchFailed: (code) => `policy.json konnte nicht abgerufen werden (${code}).`,
    rootPath: "(die ganze Datei)",
  },
};
