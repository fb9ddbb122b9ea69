/** French task-pane catalogue. */
import type { TaskPaneStrings } from "../TaskPaneStrings";

export const frFR: TaskPaneStrings = {
  locale: "fr-FR",
  count: {
    atLeast: (n) => `au moins ${n}`,
    upTo: (n) => `jusqu’à ${n}`,
    between: (lower, upper) => `${lower}–${upper}`,
    unknown: "Inconnu",
  },
  status: {
    checking: "Vérification des personnes atteintes par ce message…",
    updating: "Mise à jour…",
    readFailed: "Audience Guard n’a pas pu lire les destinataires de ce message.",
    checkFailed: "Audience Guard n’a pas pu terminer la vérification de ce message.",
    startFailed: "Audience Guard n’a pas pu démarrer, car une partie ne s’est pas chargée. Ce message n’a pas été vérifié. Fermez ce volet et rouvrez-le.",
    tryAgain: "Réessayer",
  },
  verdict: {
    allow: "Prêt à envoyer",
    warn: "Vérifiez avant d’envoyer",
    block: "Modifiez les destinataires avant d’envoyer",
  },
  summary: {
    heading: "Qui ce message atteint",
    total: "Personnes atteintes",
    visible: "À et Cc",
    visibleHint: "Ils se voient entre eux et peuvent répondre à tous.",
    bcc: "Uniquement en Cci",
    bccHint: "Invisibles pour les autres destinataires.",
    external: "Hors de votre organisation",
  },
  lists: {
    heading: "Listes",
    name: "Liste",
    people: "Personnes",
    external: "Externes",
    source: "Source",
    sources: {
      groupCounts: "Décompte de l’annuaire",
      mailTips: "Infos courrier (peut-être périmé)",
      enumerated: "Compté membre par membre",
      index: "Index des listes de l’organisation",
      unknown: "Inconnu",
    },
    stale: "Peut-être périmé",
    countedAgo: (age) => `Compté ${age}`,
    fields: { to: "À", cc: "Cc", bcc: "Cci" },
  },
  domains: {
    heading: "Domaines hors de votre organisation",
    groups: { trusted: "De confiance", external: "Externes", blocked: "Bloqués", lookalike: "Sosies" },
  },
  fixes: {
    heading: "Corriger",
    applying: "Modification des destinataires…",
    failed: "Les destinataires n’ont pas pu être modifiés. Réessayez ou modifiez-les vous-même.",
    fromAlert: "C’est la correction proposée par l’alerte d’envoi. Appuyez dessus pour modifier les destinataires, puis envoyez à nouveau.",
  },
  signIn: {
    message: "Connectez-vous pour qu’Audience Guard puisse compter les personnes de vos listes.",
    button: "Se connecter",
    busy: "Connexion…",
    failed: "La connexion n’a pas abouti. Réessayez.",
  },
  policy: {
    itHeading: "Détails pour le service informatique",
    problemsIntro: "policy.json contient ces erreurs :",
    fetchFailed: (code) => `policy.json n’a pas pu être récupéré (${code}).`,
    rootPath: "(le fichier entier)",
  },
};
