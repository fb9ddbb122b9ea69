/**
 * Stands in for tldts's `./data/trie` module in the launch-event bundle (tools/webpack/DomainDataPlugin.js,
 * DomainDataPlugin): the same exports, taken from the installed domain data instead of 45 KB of
 * literals. tldts's suffix-trie.js derives its lookup tables from these at evaluation time, so this
 * module may only be evaluated once the data is installed — tldts.ts sees to that.
 *
 * @throws DomainDataError `domain_data_not_loaded` when evaluated before the data is installed
 */
import { installedDomainData } from "./domainDataStore";

const { trie } = installedDomainData();

export const nodeFlags = trie.nodeFlags;
export const edgeStart = trie.edgeStart;
export const edgeLength = trie.edgeLength;
export const edgeChild = trie.edgeChild;
export const labelText = trie.labelText;
export const rulesRoot = trie.rulesRoot;
export const exceptionsRoot = trie.exceptionsRoot;
