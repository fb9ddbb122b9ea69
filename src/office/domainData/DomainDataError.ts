/**
 * Why the domain data (public suffixes and confusables) is not available in the launch-event script.
 * The codes are local to this folder because src/core/errors.ts has none for it yet; each code's
 * sentence is for developers and logs, never shown to the person sending.
 */
export const DOMAIN_DATA_ERROR_CODES = ["domain_data_not_loaded", "domain_data_fetch_failed", "domain_data_invalid", "domain_data_incompatible"] as const;

export type DomainDataErrorCode = (typeof DOMAIN_DATA_ERROR_CODES)[number];

const DESCRIPTIONS: Record<DomainDataErrorCode, string> = {
  domain_data_not_loaded:
    "The public-suffix or confusables data needed here is not loaded: await ensureDomains() (launch event) or loadDomainData() (task pane) before anything parses these domains (in the office bundles tldts and the look-alike check carry no data of their own).",
  domain_data_fetch_failed: "A domain-data file could not be fetched (network, timeout or HTTP error).",
  domain_data_invalid: "A domain-data file is not valid.",
  domain_data_incompatible: "A domain-data file was built for another version of the script.",
};

/** A failure to make the domain data available; `cause` keeps the underlying error. */
export class DomainDataError extends Error {
  readonly code: DomainDataErrorCode;

  constructor(code: DomainDataErrorCode, detail?: string, options: { cause?: unknown } = {}) {
    super(detail ? `${DESCRIPTIONS[code]} ${detail}` : DESCRIPTIONS[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DomainDataError";
    this.code = code;
  }
}

/** The code of a domain-data failure, or `"unexpected"` for anything else. */
export function domainDataErrorCode(error: unknown): DomainDataErrorCode | "unexpected" {
  return error instanceof DomainDataError ? error.code : "unexpected";
}
