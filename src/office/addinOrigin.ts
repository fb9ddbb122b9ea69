/**
 * Where the add-in's own files are served. The build defines `ADDIN_ORIGIN` (webpack DefinePlugin,
 * from the environment variable of the same name); outside a build (tests, tsx) it is undefined and
 * the development origin applies.
 */
declare const ADDIN_ORIGIN: string | undefined;

/** The development server's origin, which manifest.xml points at. */
export const DEFAULT_ADDIN_ORIGIN = "https://localhost:3000";

/** The origin the add-in was built for, without a trailing slash. */
export function addinOrigin(): string {
  const defined = typeof ADDIN_ORIGIN === "string" ? ADDIN_ORIGIN : "";
  return (defined || DEFAULT_ADDIN_ORIGIN).replace(/\/+$/, "");
}

/**
 * The absolute URL of the folder the add-in's pages are served from, ending in "/". In a page
 * (task pane, the launch-event page of Outlook on the web, new Outlook and Mac, the simulator) it is
 * the page's own folder. The classic Outlook JavaScript-only runtime has no `location` and needs
 * absolute URLs for `fetch` (office-js-docs-pr: develop/event-based-activation.md, "Request external
 * data"), so there it is the build's origin.
 * @param where the current location; defaults to the global `location` when there is one
 */
export function addinBaseUrl(where: { href?: unknown } | undefined = currentLocation()): string {
  const href = where && typeof where.href === "string" ? where.href : "";
  if (/^https?:\/\//i.test(href)) {
    const path = href.replace(/[?#].*$/, "");
    return path.slice(0, path.lastIndexOf("/") + 1);
  }
  return `${addinOrigin()}/`;
}

/** The absolute URL of the organisation's `policy.json`, beside the add-in's pages. */
export function defaultPolicyUrl(where: { href?: unknown } | undefined = currentLocation()): string {
  return `${addinBaseUrl(where)}policy.json`;
}

/** The global `location`, or `undefined` where there is none (the JavaScript-only runtime of classic Outlook). */
function currentLocation(): { href?: unknown } | undefined {
  return typeof location === "undefined" ? undefined : location;
}
