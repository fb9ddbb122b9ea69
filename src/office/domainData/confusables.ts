/**
 * Stands in for src/core/confusables.json in the office bundles (tools/webpack/DomainDataPlugin.js):
 * the same shape, its table filled in place when the confusables are installed. src/core/lookalike.ts
 * reads it only on first use; reading it earlier throws DomainDataError `domain_data_not_loaded`
 * (see domainDataStore.ts).
 */
import { confusablesView, installedConfusables } from "./domainDataStore";

const confusablesFile = {
  get unicode(): string {
    return installedConfusables().confusablesUnicode;
  },
  confusables: confusablesView,
};

export default confusablesFile;
