/**
 * Stands in for tldts's `./src/suffix-trie` module in the office bundles (tools/webpack/DomainDataPlugin.js):
 * the same default export, `suffixLookup(hostname, options, out)`, with tldts 7.6's semantics, over
 * the Public Suffix List subtrees installed so far (domainDataStore.ts) instead of tldts's whole trie.
 * tldts's own index and tldts-core are bundled unchanged and call it.
 *
 * What it reproduces of node_modules/tldts/dist/es6/src/suffix-trie.js: tldts-core's
 * `fastPathLookup` first; exceptions before rules, an exception stripping its own left-most label;
 * labels walked right to left, an exact edge before the node's `*` edge, an empty label never taking
 * `*`; the deepest node whose flags pass the allowed mask (ICANN 1, PRIVATE 2) is the match, and
 * without one the prevailing `*` rule makes the right-most label the suffix. Every walk starts at the
 * hostname's TLD, so it needs that TLD's bucket and nothing else; the equivalence with the package
 * is tested on every rule (test/office/suffixLookup.test.ts).
 *
 * @throws DomainDataError `domain_data_not_loaded` when the bucket of the hostname's TLD is not
 *   installed: answering without its rules would be a guess (the message names the TLD only)
 */
import { fastPathLookup, type IPublicSuffix, type ISuffixLookupOptions } from "tldts-core";
import { DomainDataError } from "./DomainDataError";
import { bucketOf, RULE_ICANN, RULE_PRIVATE, type SuffixNode } from "./domainDataFile";
import { installedPsl, isPslBucketInstalled } from "./domainDataStore";

// The result of the last walk, as tldts keeps it: lookups are synchronous and read it at once.
let matchFlags = 0;
let matchStart = 0;
let matchEnd = 0;

/**
 * Walks `hostname`'s labels right to left from the TLD subtrees `top`, recording the deepest node
 * whose flags pass `allowedMask`. Returns whether any matched.
 */
function walk(hostname: string, top: ReadonlyMap<string, SuffixNode>, allowedMask: number): boolean {
  let children: ReadonlyMap<string, SuffixNode> | undefined = top;
  let end = hostname.length;
  let matched = false;
  for (let i = hostname.length - 1; i >= -1; i -= 1) {
    if (i >= 0 && hostname.charCodeAt(i) !== 46 /* '.' */) continue;
    const start = i + 1;
    let node: SuffixNode | undefined = children?.get(hostname.slice(start, end));
    if (node === undefined && end !== start) node = children?.get("*");
    if (node === undefined) return matched;
    if ((node.flags & allowedMask) !== 0) {
      matched = true;
      matchFlags = node.flags;
      matchStart = start;
      matchEnd = end;
    }
    children = node.children;
    end = i;
  }
  return matched;
}

export default function suffixLookup(hostname: string, options: ISuffixLookupOptions, out: IPublicSuffix): boolean {
  if (fastPathLookup(hostname, options, out)) return false;
  const tld = hostname.slice(hostname.lastIndexOf(".") + 1);
  // An empty right-most label (`com.`) matches no edge: no bucket decides it.
  if (tld !== "" && !isPslBucketInstalled(bucketOf(tld))) {
    throw new DomainDataError("domain_data_not_loaded", `The Public Suffix List rules of the TLD ${JSON.stringify(tld)} are not loaded.`);
  }
  const allowedMask = (options.allowPrivateDomains ? RULE_PRIVATE : 0) | (options.allowIcannDomains ? RULE_ICANN : 0);
  if (walk(hostname, installedPsl.exceptions, allowedMask)) {
    out.isIcann = (matchFlags & RULE_ICANN) !== 0;
    out.isPrivate = (matchFlags & RULE_PRIVATE) !== 0;
    out.publicSuffix = hostname.slice(matchEnd + 1);
    return true;
  }
  if (walk(hostname, installedPsl.rules, allowedMask)) {
    out.isIcann = (matchFlags & RULE_ICANN) !== 0;
    out.isPrivate = (matchFlags & RULE_PRIVATE) !== 0;
    out.publicSuffix = hostname.slice(matchStart);
    return false;
  }
  out.isIcann = false;
  out.isPrivate = false;
  const lastDot = hostname.lastIndexOf(".");
  out.publicSuffix = lastDot === -1 ? hostname : hostname.slice(lastDot + 1);
  return false;
}
