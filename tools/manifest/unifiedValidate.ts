/**
 * Validates unified manifests (manifest.json) with office-addin-manifest's `validateManifest`, with
 * every way out to the network blocked and recorded, so a pass proves that no online service was
 * asked.
 *
 * For a `.json` file, `validateManifest` checks the manifest against the JSON schema named by its
 * `$schema`, loaded by @microsoft/app-manifest's `AppManifestUtils.fetchSchema`: for a URL under
 * https://developer.microsoft.com/json-schemas/teams/ that function first looks for the schema
 * bundled in node_modules/@microsoft/app-manifest/build/json-schemas/teams/vX.Y
 * (`getLocalSchemaCandidates`), and only fetches the URL when there is no local copy. (For `.xml`,
 * `validateManifest` always posts the file to an online service.)
 *
 * Run in its own Node process: office-addin-manifest requires ES modules (uuid, strip-bom) that
 * Node 20 loads with `require` but Jest does not.
 *
 *   npx tsx tools/manifest/unifiedValidate.ts dist/manifest.json [more.json …]
 *
 * Prints one JSON result per file; exit code 0 when every file is valid and nothing touched the
 * network, 1 otherwise, 2 on bad arguments.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";

/** The result for one file. */
export interface OfflineValidation {
  file: string;
  isValid: boolean;
  /** The validator's error messages ("<JSON path> <message>. Details: …"). */
  errors: string[];
  /** Every attempt to reach the network while validating this file (each one was refused). */
  networkAttempts: string[];
  /** Set when the validator threw instead of answering (e.g. a schema it could only fetch). */
  failure?: string;
}

type Patch = [target: Record<string, unknown>, key: string, original: unknown];

/**
 * Replaces fetch, http(s).request/get, net and tls connections and DNS look-ups with functions
 * that record the attempt and fail. Returns the function that puts the originals back.
 */
function blockNetwork(attempts: string[]): () => void {
  const patches: Patch[] = [];
  const refuse = (what: string): Error => {
    attempts.push(what);
    return new Error(`network access blocked during offline validation: ${what}`);
  };
  const patch = (target: object, key: string, replacement: unknown): void => {
    const record = target as Record<string, unknown>;
    patches.push([record, key, record[key]]);
    record[key] = replacement;
  };
  const describe = (input: unknown): string => {
    if (typeof input === "string") return input;
    if (input instanceof URL) return input.href;
    if (input && typeof input === "object") {
      const o = input as { url?: unknown; href?: unknown; host?: unknown; hostname?: unknown; port?: unknown; path?: unknown };
      const found = [o.url, o.href, o.hostname ?? o.host].find((v) => typeof v === "string");
      if (typeof found === "string") return found;
      if (typeof o.path === "string") return o.path;
      if (typeof o.port === "number" || typeof o.port === "string") return `port ${String(o.port)}`;
    }
    return String(input);
  };

  patch(globalThis, "fetch", (input: unknown) => Promise.reject(refuse(`fetch ${describe(input)}`)));
  for (const [name, mod] of [["http", http], ["https", https]] as const) {
    for (const key of ["request", "get"]) {
      patch(mod, key, (input: unknown) => {
        throw refuse(`${name}.${key} ${describe(input)}`);
      });
    }
  }
  for (const key of ["connect", "createConnection"]) {
    patch(net, key, (input: unknown) => {
      throw refuse(`net.${key} ${describe(input)}`);
    });
  }
  patch(net.Socket.prototype, "connect", (input: unknown) => {
    throw refuse(`net.Socket.connect ${describe(input)}`);
  });
  patch(tls, "connect", (input: unknown) => {
    throw refuse(`tls.connect ${describe(input)}`);
  });
  patch(dns, "lookup", (hostname: unknown) => {
    throw refuse(`dns.lookup ${describe(hostname)}`);
  });
  patch(dns.promises, "lookup", (hostname: unknown) => Promise.reject(refuse(`dns.promises.lookup ${describe(hostname)}`)));

  return () => {
    for (const [target, key, original] of patches.reverse()) target[key] = original;
  };
}

/**
 * Validates each file in turn with `validateManifest`, the network blocked throughout (office-addin-manifest
 * is loaded only after the block is in place).
 */
export async function validateUnifiedManifestsOffline(files: readonly string[]): Promise<OfflineValidation[]> {
  const results: OfflineValidation[] = [];
  const attempts: string[] = [];
  const restore = blockNetwork(attempts);
  try {
    const { validateManifest } = await import("office-addin-manifest");
    for (const file of files) {
      attempts.length = 0;
      try {
        const validation = await validateManifest(file);
        const errors = (validation.report?.errors ?? []).map((e) => e.content ?? e.title ?? "");
        results.push({ file, isValid: validation.isValid, errors, networkAttempts: [...attempts] });
      } catch (error) {
        const failure = error instanceof Error ? error.message : String(error);
        results.push({ file, isValid: false, errors: [], networkAttempts: [...attempts], failure });
      }
    }
  } finally {
    restore();
  }
  return results;
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0 || files.some((f) => f.startsWith("-"))) {
    console.error("usage: tsx tools/manifest/unifiedValidate.ts manifest.json [more.json …]");
    process.exitCode = 2;
  } else {
    validateUnifiedManifestsOffline(files).then(
      (results) => {
        console.log(JSON.stringify(results, null, 2));
        process.exitCode = results.every((r) => r.isValid && r.networkAttempts.length === 0) ? 0 : 1;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 2;
      },
    );
  }
}
