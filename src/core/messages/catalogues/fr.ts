/** French catalogue. French typography: a no-break space before ":" and a narrow one before ";". */
import type { RecipientField } from "../../types";
import type { Catalogue, DirectoryFailureCause, MessageKind } from "../Catalogue";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

const NOUN: Record<MessageKind, { subject: string; pronoun: string; many: string }> = {
  new: { subject: "Ce nouveau message", pronoun: "Il est adressé à", many: "les nouveaux messages" },
  reply: { subject: "Cette réponse", pronoun: "Elle est adressée à", many: "les réponses" },
  forward: { subject: "Ce transfert", pronoun: "Il est adressé à", many: "les transferts" },
};

const FIELD: Record<RecipientField, string> = { to: "À", cc: "Cc", bcc: "Cci" };

const DIRECTORY_FAILURE: Record<DirectoryFailureCause, string> = {
  timeout: `Impossible de vérifier à temps la taille des listes${NBSP}: l'annuaire a mis trop de temps à répondre.`,
  throttled: `Impossible de vérifier à temps la taille des listes${NBSP}: l'annuaire est surchargé.`,
  forbidden: `Impossible de vérifier la taille des listes${NBSP}: le complément n'a pas l'autorisation nécessaire.`,
  unauthorized: `Impossible de vérifier la taille des listes${NBSP}: la connexion à l'annuaire a échoué.`,
  unavailable: `Impossible de vérifier à temps la taille des listes${NBSP}: le service d'annuaire est indisponible.`,
  network: `Impossible de vérifier à temps la taille des listes${NBSP}: la connexion réseau a échoué.`,
  other: "Impossible de vérifier à temps la taille des listes.",
};

/** French (France); also used for fr-CA, fr-BE, fr-CH and other French. */
export const frFR: Catalogue = {
  locale: "fr-FR",
  people: {
    exact: { one: (n) => `${n} personne`, other: (n) => `${n} personnes` },
    atLeast: { one: (n) => `au moins ${n} personne`, other: (n) => `au moins ${n} personnes` },
    upTo: { one: (n) => `jusqu'à ${n} personne`, other: (n) => `jusqu'à ${n} personnes` },
    between: (lower, upper) => `entre ${lower} et ${upper} personnes`,
    unknown: "un nombre inconnu de personnes",
  },
  andMore: { one: (n) => `${n} autre`, other: (n) => `${n} autres` },
  and: " et ",
  looksLike: (domain, imitates, near) => `${domain} ${near ? "rappelle" : "ressemble à"} ${imitates}`,
  reasons: {
    "large-audience": ({ kind, people, limit, certain, lists }) =>
      `${NOUN[kind].subject} ${certain ? "atteindra" : "pourrait atteindre"} ${people}, au-delà de la limite de ${limit} fixée pour ${NOUN[kind].many}.` +
      (lists ? ` ${NOUN[kind].pronoun} ${lists}.` : ""),
    "bcc-advised": ({ people, limit }) =>
      `Les champs À et Cc atteignent ${people}, soit plus de ${limit}. Chaque destinataire voit l'adresse des autres et peut répondre à tous${NNBSP}; placez plutôt les listes en Cci.`,
    "external-recipients": ({ people, domains, lists, listCount }) =>
      `Ce message est adressé à ${people} hors de votre organisation${domains ? ` (${domains})` : ""}.` +
      (lists ? ` ${listCount === 1 ? "La liste" : "Les listes"} ${lists} ${listCount === 1 ? "contient" : "contiennent"} des personnes extérieures à votre organisation.` : ""),
    "blocked-domain": ({ domains }) =>
      domains
        ? `Votre organisation n'autorise pas l'envoi de messages à ${domains}. Retirez ces destinataires pour envoyer le message.`
        : "Votre organisation n'autorise pas l'envoi de messages à certains de ces destinataires. Retirez-les pour envoyer le message.",
    "lookalike-domain": ({ pairs, count }) =>
      pairs
        ? `Vérifiez les destinataires${NBSP}: ${pairs}, mais ${count === 1 ? "il s'agit d'un autre domaine" : "il s'agit d'autres domaines"}.`
        : `Vérifiez les destinataires${NBSP}: un domaine ressemble à un domaine connu, mais c'en est un autre.`,
    "unknown-list": ({ lists, count, people }) =>
      `Impossible de connaître la taille ${lists ? `${count === 1 ? "de la liste" : "des listes"} ${lists}` : "d'une liste"}${people ? `${NBSP}: ce message atteint ${people}, peut-être plus.` : `${NNBSP}; ce message peut atteindre plus de personnes qu'indiqué.`}`,
    "directory-failure": ({ cause }) => `${DIRECTORY_FAILURE[cause]} Le nombre de personnes atteintes par ce message est inconnu.`,
    "unread-recipients": ({ fields, people }) =>
      `Outlook n'a transmis qu'une partie de ${fields.map((f) => FIELD[f]).join(", ")}${NNBSP}: ce message atteint ${people}, et les destinataires non lus peuvent inclure des personnes extérieures à votre organisation.`,
    "invalid-recipient": ({ recipients, count }) =>
      recipients
        ? count === 1
          ? `Cette adresse n'est pas valide et n'a pas pu être vérifiée${NBSP}: ${recipients}.`
          : `Ces adresses ne sont pas valides et n'ont pas pu être vérifiées${NBSP}: ${recipients}.`
        : "Certaines adresses ne sont pas valides et n'ont pas pu être vérifiées.",
  },
  fixes: {
    "reply-to-sender-only": { label: "Répondre uniquement à l'expéditeur", short: "Répondre à l'auteur" },
    "move-lists-to-bcc": { label: "Déplacer les listes en Cci", short: "Listes en Cci" },
    "remove-external": { label: "Retirer les destinataires externes", short: "Retirer les externes" },
    "remove-blocked": { label: "Retirer les destinataires bloqués", short: "Retirer les bloqués" },
    "remove-lookalike": { label: "Retirer les domaines sosies", short: "Retirer les sosies" },
  },
  policyFallbackNotice: `La stratégie Audience Guard de votre organisation n'a pas pu être chargée ou n'est pas valide${NNBSP}; les paramètres par défaut s'appliquent. Contactez votre service informatique.`,
};
