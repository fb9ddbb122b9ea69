/**
 * Stands in for src/core/confusables.json in the launch-event bundle
 * (tools/webpack/DomainDataPlugin.js): the same shape, its table filled in place when the domain data
 * is installed. src/core/lookalike.ts reads it only on first use; reading it earlier throws
 * DomainDataError `domain_data_not_loaded` (see domainDataStore.ts).
 */
import { confusablesView, installedDomainData } from "./domainDataStore";

const confusablesFile = {
  get unicode(): string {
    return installedDomainData().confusablesUnicode;
  },
  confusables: confusablesView,
};

export default confusablesFile;
