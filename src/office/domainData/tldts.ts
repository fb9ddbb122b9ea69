/**
 * Stands in for the `tldts` package in the launch-event bundle (tools/webpack/DomainDataPlugin.js,
 * DomainDataPlugin), for every importer except this module. Evaluating tldts builds its lookup
 * tables from the Public Suffix List trie at once, and in this bundle the trie comes from
 * domain-data.json (tldtsTrie.ts): so the real package is required on the first call, after the data
 * is installed, and every function forwards to it unchanged.
 *
 * @throws DomainDataError `domain_data_not_loaded` from any function called before the data is installed
 */
import type * as Tldts from "tldts";
import { installedDomainData } from "./domainDataStore";

let library: typeof Tldts | undefined;

function tldts(): typeof Tldts {
  if (!library) {
    installedDomainData();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see the module comment); webpack bundles it into the one script.
    library = require("tldts") as typeof Tldts;
  }
  return library;
}

// Typed as the package's own exports: a function tldts adds is a compile error here until forwarded.
const forwarded: typeof Tldts = {
  parse: (url, options) => tldts().parse(url, options),
  getHostname: (url, options) => tldts().getHostname(url, options),
  getPublicSuffix: (url, options) => tldts().getPublicSuffix(url, options),
  getDomain: (url, options) => tldts().getDomain(url, options),
  getFullDomain: (url, options) => tldts().getFullDomain(url, options),
  getSubdomain: (url, options) => tldts().getSubdomain(url, options),
  getDomainWithoutSuffix: (url, options) => tldts().getDomainWithoutSuffix(url, options),
};

export const { parse, getHostname, getPublicSuffix, getDomain, getFullDomain, getSubdomain, getDomainWithoutSuffix } = forwarded;
