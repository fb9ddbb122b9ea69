/** Spanish task-pane catalogue. */
import type { TaskPaneStrings } from "../TaskPaneStrings";

export const esES: TaskPaneStrings = {
  locale: "es-ES",
  count: {
    atLeast: (n) => `al menos ${n}`,
    upTo: (n) => `hasta ${n}`,
    between: (lower, upper) => `${lower}–${upper}`,
    unknown: "Desconocido",
  },
  status: {
    checking: "Comprobando a quién llega este mensaje…",
    updating: "Actualizando…",
    readFailed: "Audience Guard no ha podido leer los destinatarios de este mensaje.",
    checkFailed: "Audience Guard no ha podido terminar de comprobar este mensaje.",
    startFailed: "Audience Guard no ha podido iniciarse porque una parte no se ha cargado. Este mensaje no se ha comprobado. Cierre este panel y vuelva a abrirlo.",
    tryAgain: "Reintentar",
  },
  verdict: {
    allow: "Listo para enviar",
    warn: "Revíselo antes de enviar",
    block: "Cambie los destinatarios antes de enviar",
  },
  summary: {
    heading: "A quién llega este mensaje",
    total: "Personas alcanzadas",
    visible: "Para y CC",
    visibleHint: "Se ven entre sí y pueden responder a todos.",
    bcc: "Solo en CCO",
    bccHint: "Ocultos para los demás destinatarios.",
    external: "Fuera de su organización",
  },
  lists: {
    heading: "Listas",
    name: "Lista",
    people: "Personas",
    external: "Externas",
    source: "Origen",
    sources: {
      groupCounts: "Recuento del directorio",
      mailTips: "Sugerencias de correo (puede estar desactualizado)",
      enumerated: "Contado miembro a miembro",
      index: "Índice de listas de la organización",
      unknown: "Desconocido",
    },
    stale: "Puede estar desactualizado",
    countedAgo: (age) => `Contado ${age}`,
    fields: { to: "Para", cc: "CC", bcc: "CCO" },
  },
  domains: {
    heading: "Dominios fuera de su organización",
    groups: { trusted: "De confianza", external: "Externos", blocked: "Bloqueados", lookalike: "Imitaciones" },
  },
  fixes: {
    heading: "Corregir",
    applying: "Cambiando los destinatarios…",
    failed: "No se han podido cambiar los destinatarios. Vuelva a intentarlo o cámbielos usted.",
    fromAlert: "Esta es la corrección que ofreció el aviso de envío. Púlsela para cambiar los destinatarios y vuelva a enviar.",
  },
  signIn: {
    message: "Inicie sesión para que Audience Guard pueda contar las personas de sus listas.",
    button: "Iniciar sesión",
    busy: "Iniciando sesión…",
    failed: "No se ha completado el inicio de sesión. Vuelva a intentarlo.",
  },
  policy: {
    itHeading: "Detalles para TI",
    problemsIntro: "policy.json tiene estos problemas:",
    fetchFailed: (code) => `No se ha podido obtener policy.json (${code}).`,
    rootPath: "(todo el archivo)",
  },
};
