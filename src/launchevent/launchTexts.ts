import { resolveLocale, type SupportedLocale } from "../core/messages";

/**
 * The sentences only the Smart Alerts dialog needs, in every supported locale. Reasons, fix labels
 * and the policy fallback notice come from the core catalogues (src/core/messages); these say how
 * to go on from the dialog. Straight apostrophes, French no-break spaces, as the core catalogues.
 */
export interface LaunchTexts {
  /** Lists are unknown because the directory cannot be asked here (no client id in the policy, or no nested app authentication). */
  readonly noDirectory: string;
  /** The check failed or ran out of time. */
  readonly checkFailed: string;
  /** …and the policy blocks in that case (`directoryFailure: "block"`). */
  readonly checkFailedBlock: string;
  /** …and the policy warns: the dialog offers Send Anyway (Mailbox 1.14). */
  readonly checkFailedPrompt: string;
  /** After the reasons that fit: how many more the task pane shows (`count` ≥ 1). */
  readonly moreInPane: (count: number) => string;
}

const NBSP = "\u00a0";
const NNBSP = "\u202f";

function english(organization: string): LaunchTexts {
  return {
    noDirectory: "Audience Guard can't look up list sizes here because directory access isn't set up. Please contact your IT department.",
    checkFailed: "Audience Guard couldn't finish checking who this message reaches.",
    checkFailedBlock: `Your ${organization} requires this check, so please try sending again in a moment.`,
    checkFailedPrompt: "Check the recipients, and if they're right, choose Send Anyway.",
    moreInPane: (count) => `…and ${count} more in the task pane.`,
  };
}

const TEXTS: Readonly<Record<SupportedLocale, LaunchTexts>> = {
  "en-US": english("organization"),
  "en-GB": english("organisation"),
  "de-DE": {
    noDirectory: "Audience Guard kann die Größe von Listen hier nicht abfragen, weil der Verzeichniszugriff nicht eingerichtet ist. Bitte wenden Sie sich an Ihre IT-Abteilung.",
    checkFailed: "Audience Guard konnte nicht zu Ende prüfen, wen diese Nachricht erreicht.",
    checkFailedBlock: "Ihre Organisation verlangt diese Prüfung; bitte versuchen Sie es gleich noch einmal.",
    checkFailedPrompt: "Prüfen Sie die Empfänger; wenn sie stimmen, wählen Sie „Trotzdem senden“.",
    moreInPane: (count) => `…und ${count} ${count === 1 ? "weiterer Hinweis" : "weitere Hinweise"} im Aufgabenbereich.`,
  },
  "fr-FR": {
    noDirectory: `Audience Guard ne peut pas connaître ici la taille des listes, car l'accès à l'annuaire n'est pas configuré. Contactez votre service informatique.`,
    checkFailed: "Audience Guard n'a pas pu terminer la vérification des destinataires de ce message.",
    checkFailedBlock: `Votre organisation exige cette vérification${NBSP}: réessayez d'envoyer le message dans un instant.`,
    checkFailedPrompt: `Vérifiez les destinataires${NNBSP}; s'ils sont corrects, choisissez Envoyer quand même.`,
    moreInPane: (count) => `…et ${count} ${count === 1 ? "autre point" : "autres points"} dans le volet Office.`,
  },
  "es-ES": {
    noDirectory: "Audience Guard no puede consultar aquí el tamaño de las listas porque el acceso al directorio no está configurado. Póngase en contacto con su departamento de TI.",
    checkFailed: "Audience Guard no pudo terminar de comprobar a quién llega este mensaje.",
    checkFailedBlock: "Su organización exige esta comprobación; vuelva a intentar el envío dentro de un momento.",
    checkFailedPrompt: "Revise los destinatarios y, si son correctos, elija Enviar de todos modos.",
    moreInPane: (count) => `…y ${count} ${count === 1 ? "aviso más" : "avisos más"} en el panel de tareas.`,
  },
};

/** The launch-event texts for any BCP 47 tag (resolved like the core catalogues). */
export function launchTexts(locale: string | undefined): LaunchTexts {
  return TEXTS[resolveLocale(locale)];
}
