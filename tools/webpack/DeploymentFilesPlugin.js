// @ts-check
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const webpack = require("webpack");
const { LAUNCH_EVENT_SCRIPT, ROOT, loadTs } = require("./buildSettings");

/** The deployable files that are not bundles: manifests, well-known file, policy and its schema, support page. */
class DeploymentFilesPlugin {
  /** @param {ReturnType<typeof settings>} options */
  constructor(options) {
    this.options = options;
  }

  /** @param {webpack.Compiler} compiler */
  apply(compiler) {
    const name = "DeploymentFilesPlugin";
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.processAssets.tap({ name, stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const { origin, version, id, displayName } = this.options;
        const manifestFile = path.join(ROOT, "manifest.xml");
        compilation.fileDependencies.add(manifestFile);
        const emit = (file, text) => compilation.emitAsset(file, new webpack.sources.RawSource(text));
        try {
          const { rewriteManifest, checkManifest } = loadTs("tools/manifest/manifestChecks.ts");
          const { DEFAULT_POLICY, policyJsonSchema } = loadTs("src/core/policy.ts");

          const manifest = rewriteManifest(fs.readFileSync(manifestFile, "utf8"), { origin, version, id, displayName });
          for (const problem of checkManifest(manifest, { origin, assetsDir: path.join(ROOT, "assets") })) {
            compilation.errors.push(new webpack.WebpackError(`dist/manifest.xml: ${problem.code}: ${problem.message}`));
          }
          emit("manifest.xml", manifest);
          // Classic Outlook on Windows fetches this before it lets the event runtime make CORS
          // requests or use SSO (office-js-docs-pr: develop/use-sso-in-event-based-activation.md).
          emit(".well-known/microsoft-officeaddins-allowed.json", `${JSON.stringify({ allowed: [`${origin}/${LAUNCH_EVENT_SCRIPT}`] }, null, 2)}\n`);
          emit("policy.json", `${JSON.stringify({ $schema: "./policy.schema.json", ...DEFAULT_POLICY }, null, 2)}\n`);
          emit("policy.schema.json", `${JSON.stringify(policyJsonSchema(`${origin}/policy.schema.json`), null, 2)}\n`);
          // The page the manifest's SupportUrl names: what the add-in does, for staff.
          const supportFile = path.join(ROOT, "src/support/support.html");
          compilation.fileDependencies.add(supportFile);
          emit("support.html", fs.readFileSync(supportFile, "utf8"));
          // The unified JSON manifest (Microsoft 365 app manifest), made from the XML one so the two never
          // disagree; Integrated apps takes it zipped (`npx office-addin-manifest export`). See docs/deploying.md.
          const { unifiedManifestFromXml, unifiedLanguageFilesFromXml, serializeUnifiedManifest } = loadTs("tools/manifest/unifiedManifest.ts");
          const { serializeLanguageFile } = loadTs("tools/manifest/unifiedLocalization.ts");
          const xmlText = fs.readFileSync(manifestFile, "utf8");
          const unifiedOptions = { origin, version, id, displayName };
          emit("manifest.json", serializeUnifiedManifest(unifiedManifestFromXml(xmlText, unifiedOptions)));
          // The XML's translations, one file per locale beside manifest.json (localizationInfo.additionalLanguages).
          for (const language of unifiedLanguageFilesFromXml(xmlText, unifiedOptions)) emit(language.file, serializeLanguageFile(language));
        } catch (error) {
          compilation.errors.push(new webpack.WebpackError(`${name}: ${error instanceof Error ? error.message : String(error)}`));
        }
      });
    });
  }
}

module.exports = { DeploymentFilesPlugin };
