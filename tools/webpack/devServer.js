// @ts-check
"use strict";

/**
 * `npm run dev-server`: webpack-dev-server for the add-in developer's loop. It serves the two
 * compilations at the build's origin (https://localhost:3000 by default, ADDIN_ORIGIN to change),
 * writes them to dist/ too, and rebuilds on change. It injects nothing: no hot-module or live-reload
 * client, no WebSocket, because launchevent.js must stay one ES2016 file that classic Outlook's
 * JavaScript-only runtime can run (it has no DOM and no WebSocket), and a reloading task pane would
 * lose the message's state. Reload the pane by hand (or reopen it) after a change.
 *
 * Certificates: office-addin-dev-certs' `getHttpsServerOptions` creates a development CA and a
 * localhost certificate in ~/.office-addin-dev-certs and adds the CA to the system's trust store
 * (which asks for administrator rights: sudo on Linux and macOS, a prompt on Windows). Where adding
 * it fails, the generated certificate is still used and the message says how to trust it.
 * `DEV_SERVER_HTTPS=self-signed` uses webpack-dev-server's own throw-away certificate instead (for
 * tests: nothing is written to the home folder or the trust store); `DEV_SERVER_PORT` overrides the
 * origin's port (0 picks a free one, printed in the "Loopback:" line).
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/**
 * The HTTPS options: trusted development certificates when they can be had.
 * @param {(line: string) => void} log
 * @returns {Promise<{ type: "https", options: { ca?: Buffer, cert: Buffer, key: Buffer } }>}
 */
async function developmentHttps(log) {
  const certs = require("office-addin-dev-certs");
  try {
    return { type: "https", options: await certs.getHttpsServerOptions() };
  } catch (error) {
    // office-addin-dev-certs' own folder (its defaults.certificateDirectory, not exported).
    const dir = path.join(os.homedir(), ".office-addin-dev-certs");
    const cert = path.join(dir, "localhost.crt");
    const key = path.join(dir, "localhost.key");
    const ca = path.join(dir, "ca.crt");
    if (!fs.existsSync(cert) || !fs.existsSync(key)) throw error;
    log(
      `The development certificate in ${dir} is not trusted by this system yet (${error instanceof Error ? error.message.split("\n")[0] : String(error)}). ` +
        `Run "npx office-addin-dev-certs install" with administrator rights, or trust ${ca} in your browser, before sideloading.`,
    );
    return { type: "https", options: { ca: fs.readFileSync(ca), cert: fs.readFileSync(cert), key: fs.readFileSync(key) } };
  }
}

/**
 * The `devServer` section for the build's origin.
 * @param {{ origin: string }} settings
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<import("webpack-dev-server").Configuration>}
 */
async function devServerConfig(settings, options = {}) {
  const log = options.log ?? ((line) => console.warn(`[dev-server] ${line}`));
  const origin = new URL(settings.origin);
  if (origin.hostname !== "localhost") {
    throw new Error(`npm run dev-server serves https://localhost only; ADDIN_ORIGIN is ${settings.origin}. Build with npm run build and host dist/ there instead.`);
  }
  const portText = process.env.DEV_SERVER_PORT;
  const port = portText !== undefined && /^\d+$/.test(portText) ? Number(portText) : Number(origin.port || 443);
  const server = process.env.DEV_SERVER_HTTPS === "self-signed" ? { type: "https" } : await developmentHttps(log);
  return {
    host: "localhost",
    port,
    server,
    // Nothing injected into the bundles, nothing pushed to the pages (see above).
    hot: false,
    liveReload: false,
    client: false,
    webSocketServer: false,
    // Served from the compilations; also written to dist/, so that what is served is what a build makes.
    static: false,
    devMiddleware: { writeToDisk: true },
    allowedHosts: ["localhost"],
    // The browser and Outlook's web view never keep an old build.
    headers: { "Cache-Control": "no-store" },
  };
}

module.exports = { devServerConfig };
