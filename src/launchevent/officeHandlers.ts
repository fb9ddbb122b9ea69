import type { Policy } from "../core/policy";
import { CachingDirectory } from "../directory/CachingDirectory";
import { countPlan } from "../directory/countPlan";
import type { Directory } from "../directory/Directory";
import { GraphDirectory } from "../directory/GraphDirectory";
import { withListCache, type ListSizeStore } from "../directory/RememberingDirectory";
import { GraphOriginalSenderLookup } from "../office/GraphOriginalSenderLookup";
import { withListIndex } from "../directory/listIndex/withListIndex";
import { addinBaseUrl, defaultPolicyUrl } from "../office/addinOrigin";
import { lastSeenDirectoryFailure, loadPolicy } from "../office/loadPolicy";
import { officeRuntimeStorage, readStored, settleStoreWrites, writeStored } from "../office/RuntimeStorage";
import { createTokenProvider } from "../office/NaaTokenProvider";
import type { OfficeApi } from "../office/OfficeApi";
import { OfficeMailbox } from "../office/OfficeMailbox";
import type { OriginalSenderLookup } from "../office/OriginalSenderLookup";
import { createHandlers, type LaunchEventHandlers } from "./createHandlers";
import { ensureDomains } from "../office/domainData/loadDomainData";

/** The client-storage key of the person's remembered list sizes (directory/RememberingDirectory.ts). */
export const LIST_SIZES_KEY = "audienceGuard.listSizes";

/** The Graph-backed services for one policy's `directory` settings. */
interface GraphServices {
  directory?: Directory;
  senderLookup?: OriginalSenderLookup;
}

/**
 * The real wiring: Office.js mailbox, the domain data a message needs (domain-data/: the confusables
 * and the Public Suffix List buckets of its TLDs) and policy.json from the add-in's origin (kept in
 * the client's storage between runtimes), Microsoft Graph through
 * nested app authentication (silent only: no UI in event handlers), with an in-memory list cache
 * shared by every event of this runtime and the person's list sizes kept for `directory.listCacheHours`
 * (in the client's storage where it has one). Loaded lazily by launchevent.ts.
 */
export function createOfficeHandlers(office: OfficeApi): LaunchEventHandlers {
  const services = new Map<string, GraphServices>();
  let current: GraphServices = {};
  // What Send needs is kept in the client's storage, for the next runtime (RuntimeStorage.ts).
  const store = officeRuntimeStorage();
  const listSizes: ListSizeStore | undefined = store
    ? { load: () => readStored(store, LIST_SIZES_KEY), save: (text) => writeStored(store, LIST_SIZES_KEY, text) }
    : undefined;

  const servicesFor = (policy: Policy): GraphServices => {
    const { graphBaseUrl, clientId, mailTips, groupCounts, externalMemberBudget, index, listCacheHours } = policy.directory;
    // Counts no answer could change are not asked for at Send (countPlan.ts).
    const countOutsiders = countPlan(policy).outsiders;
    const key = JSON.stringify([graphBaseUrl, clientId, mailTips, groupCounts, externalMemberBudget, index, listCacheHours, countOutsiders]);
    let found = services.get(key);
    if (!found) {
      const tokenProvider = createTokenProvider({ office, clientId, interactive: false });
      found = tokenProvider
        ? {
            directory: new CachingDirectory({
              // The index first (it costs no Graph units), then the sizes this person learned, then Graph.
              directory: withListIndex(
                withListCache(new GraphDirectory({ baseUrl: graphBaseUrl, tokenProvider, mailTips, groupCounts, externalMemberBudget, countOutsiders }), listCacheHours, {
                  ...(listSizes ? { store: listSizes } : {}),
                  countsOutsiders: countOutsiders,
                }),
                index,
                { addinBaseUrl: addinBaseUrl() },
              ),
            }),
            senderLookup: new GraphOriginalSenderLookup({ baseUrl: graphBaseUrl, tokenProvider }),
          }
        : {};
      services.set(key, found);
    }
    return found;
  };

  // The mailbox is built once, before any policy is known; its lookup follows the policy of the
  // event being handled (directoryFactory runs before any lookup).
  const senderLookup: OriginalSenderLookup = {
    find: (id, options) => current.senderLookup?.find(id, options) ?? Promise.resolve(undefined),
  };

  const policyUrl = defaultPolicyUrl();
  return createHandlers({
    mailbox: new OfficeMailbox({ office, originalSenderLookup: senderLookup }),
    loadPolicy: ({ ready, seen }) => loadPolicy({ url: policyUrl, ready, seen, ...(store ? { store } : {}) }),
    lastSeenDirectoryFailure: () => lastSeenDirectoryFailure(policyUrl),
    settleWrites: settleStoreWrites,
    // This bundle's tldts and look-alike table carry no data of their own (office/domainData/README.md).
    domainData: (domains, { signal }) => ensureDomains(domains, { signal, ...(store ? { store } : {}) }),
    directoryFactory: (policy) => {
      current = servicesFor(policy);
      return current.directory;
    },
    promptUser: office.MailboxEnums?.SendModeOverride?.PromptUser ?? "promptUser",
  });
}
