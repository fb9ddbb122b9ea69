import { BROWSER_CANDIDATES, findBrowser } from "../../tools/browser/findBrowser";

describe("findBrowser", () => {
  it("takes CHROMIUM_PATH when it exists", () => {
    expect(findBrowser({ CHROMIUM_PATH: "/opt/edge/msedge" }, (p) => p === "/opt/edge/msedge")).toBe("/opt/edge/msedge");
  });

  it("refuses a CHROMIUM_PATH that does not exist, naming it", () => {
    expect(() => findBrowser({ CHROMIUM_PATH: "/nowhere/chrome" }, () => false)).toThrow("/nowhere/chrome");
  });

  it("prefers Debian's Chromium, then falls back to Chrome or Edge", () => {
    expect(findBrowser({}, () => true)).toBe("/usr/bin/chromium");
    expect(findBrowser({}, (p) => p === "/usr/bin/google-chrome")).toBe("/usr/bin/google-chrome");
    expect(BROWSER_CANDIDATES).toContain("/usr/bin/microsoft-edge");
  });

  it("says how to get a browser when none is installed", () => {
    expect(() => findBrowser({}, () => false)).toThrow(/apt-get install -y chromium|CHROMIUM_PATH/);
  });
});
