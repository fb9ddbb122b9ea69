import { DEFAULT_ADDIN_ORIGIN, addinBaseUrl, addinOrigin, defaultPolicyUrl } from "../../src/office/addinOrigin";

describe("addinOrigin", () => {
  it("is the development origin when the build did not define ADDIN_ORIGIN", () => {
    expect(addinOrigin()).toBe(DEFAULT_ADDIN_ORIGIN);
  });

  it("resolves policy.json beside the page in a browser runtime", () => {
    expect(defaultPolicyUrl({ href: "https://addins.example.org/launchevent.html?x=1#y" })).toBe("https://addins.example.org/policy.json");
    expect(addinBaseUrl({ href: "http://localhost:3000/addin/taskpane.html" })).toBe("http://localhost:3000/addin/");
  });

  it("uses the build's origin where there is no page location (classic Outlook's JavaScript-only runtime)", () => {
    expect(defaultPolicyUrl(undefined)).toBe("https://localhost:3000/policy.json");
    expect(defaultPolicyUrl({ href: "about:blank" })).toBe("https://localhost:3000/policy.json");
    // Node has no `location`: the default argument takes the same path.
    expect(defaultPolicyUrl()).toBe("https://localhost:3000/policy.json");
  });
});
