/** Spanish catalogue. */
import type { RecipientField } from "../../types";
import type { Catalogue, DirectoryFailureCause, MessageKind } from "../Catalogue";

const NOUN: Record<MessageKind, { subject: string; goesTo: string; many: string }> = {
  new: { subject: "Este mensaje nuevo", goesTo: "Va dirigido a", many: "los mensajes nuevos" },
  reply: { subject: "Esta respuesta", goesTo: "Va dirigida a", many: "las respuestas" },
  forward: { subject: "Este reenvío", goesTo: "Va dirigido a", many: "los reenvíos" },
};

const FIELD: Record<RecipientField, string> = { to: "Para", cc: "CC", bcc: "CCO" };

const DIRECTORY_FAILURE: Record<DirectoryFailureCause, string> = {
  timeout: "No se pudo comprobar a tiempo el tamaño de las listas: el directorio tardó demasiado en responder.",
  throttled: "No se pudo comprobar a tiempo el tamaño de las listas: el directorio está saturado.",
  forbidden: "No se pudo comprobar el tamaño de las listas: el complemento no tiene el permiso necesario.",
  unauthorized: "No se pudo comprobar el tamaño de las listas: no se pudo iniciar sesión en el directorio.",
  unavailable: "No se pudo comprobar a tiempo el tamaño de las listas: el servicio de directorio no está disponible.",
  network: "No se pudo comprobar a tiempo el tamaño de las listas: falló la conexión de red.",
  other: "No se pudo comprobar a tiempo el tamaño de las listas.",
};

/** Spanish (Spain); also used for es-MX, es-419 and other Spanish. */
export const esES: Catalogue = {
  locale: "es-ES",
  people: {
    exact: { one: (n) => `${n} persona`, other: (n) => `${n} personas` },
    atLeast: { one: (n) => `al menos ${n} persona`, other: (n) => `al menos ${n} personas` },
    upTo: { one: (n) => `hasta ${n} persona`, other: (n) => `hasta ${n} personas` },
    between: (lower, upper) => `entre ${lower} y ${upper} personas`,
    unknown: "un número desconocido de personas",
  },
  andMore: { other: (n) => `${n} más` },
  and: " y ",
  looksLike: (domain, imitates, near) => `${domain} ${near ? "se asemeja a" : "se parece a"} ${imitates}`,
  reasons: {
    "large-audience": ({ kind, people, limit, certain, lists }) =>
      `${NOUN[kind].subject} ${certain ? "llegará a" : "podría llegar a"} ${people}, por encima del límite de ${limit} fijado para ${NOUN[kind].many}.` +
      (lists ? ` ${NOUN[kind].goesTo} ${lists}.` : ""),
    "bcc-advised": ({ people, limit }) =>
      `Los campos Para y CC llegan a ${people}, más de ${limit}. Cada destinatario ve las direcciones de los demás y puede responder a todos; mejor ponga las listas en CCO.`,
    "external-recipients": ({ people, domains, lists, listCount }) =>
      `Este mensaje llega a ${people} fuera de su organización${domains ? ` (${domains})` : ""}.` +
      (lists ? ` ${listCount === 1 ? "La lista" : "Las listas"} ${lists} ${listCount === 1 ? "contiene" : "contienen"} personas de fuera de su organización.` : ""),
    "blocked-domain": ({ domains }) =>
      domains
        ? `Su organización no permite enviar mensajes a ${domains}. Quite esos destinatarios para enviarlo.`
        : "Su organización no permite enviar mensajes a algunos de estos destinatarios. Quítelos para enviarlo.",
    "lookalike-domain": ({ pairs, count }) =>
      pairs
        ? `Revise los destinatarios: ${pairs}, pero ${count === 1 ? "es otro dominio" : "son otros dominios"}.`
        : "Revise los destinatarios: un dominio se parece a uno conocido, pero es otro.",
    "unknown-list": ({ lists, count, people }) =>
      `No se pudo averiguar el tamaño ${lists ? `${count === 1 ? "de la lista" : "de las listas"} ${lists}` : "de una lista"}${people ? `: el mensaje llega a ${people}, quizá a más.` : "; el mensaje puede llegar a más personas de las indicadas."}`,
    "directory-failure": ({ cause }) => `${DIRECTORY_FAILURE[cause]} Se desconoce a cuántas personas llega el mensaje.`,
    "unread-recipients": ({ fields, people }) =>
      `Outlook solo entregó una parte de ${fields.map((f) => FIELD[f]).join(", ")}: el mensaje llega a ${people}, y entre los destinatarios que no se pudieron leer puede haber personas de fuera de su organización.`,
    "invalid-recipient": ({ recipients, count }) =>
      recipients
        ? count === 1
          ? `Esta dirección no es válida y no se pudo comprobar: ${recipients}.`
          : `Estas direcciones no son válidas y no se pudieron comprobar: ${recipients}.`
        : "Algunas direcciones no son válidas y no se pudieron comprobar.",
  },
  fixes: {
    "reply-to-sender-only": { label: "Responder solo al remitente", short: "Solo al remitente" },
    "move-lists-to-bcc": { label: "Mover las listas a CCO", short: "Listas a CCO" },
    "remove-external": { label: "Quitar los destinatarios externos", short: "Quitar externos" },
    "remove-blocked": { label: "Quitar los destinatarios bloqueados", short: "Quitar bloqueados" },
    "remove-lookalike": { label: "Quitar las direcciones engañosas", short: "Quitar imitaciones" },
  },
  policyFallbackNotice:
    "No se pudo cargar la directiva de Audience Guard de su organización o no es válida; se usa la configuración predeterminada. Póngase en contacto con su departamento de TI.",
};
