import { formatAge } from "../../src/taskpane/strings/formatAge";

const NOW = Date.parse("2026-12-01T12:00:00.000Z");
const before = (ms: number): string => new Date(NOW - ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("formatAge", () => {
  it("counts minutes under an hour, hours under two days, days beyond", () => {
    expect(formatAge(before(30_000), NOW, "en-US")).toBe("this minute");
    expect(formatAge(before(12 * MINUTE), NOW, "en-US")).toBe("12 minutes ago");
    expect(formatAge(before(5 * HOUR + 59 * MINUTE), NOW, "en-US")).toBe("5 hours ago");
    expect(formatAge(before(47 * HOUR), NOW, "en-US")).toBe("47 hours ago");
    expect(formatAge(before(49 * HOUR), NOW, "en-US")).toBe("2 days ago");
  });

  it("reads a time ahead of the device's clock as now", () => {
    expect(formatAge(new Date(NOW + 10 * MINUTE).toISOString(), NOW, "en-US")).toBe("this minute");
  });

  it("speaks the locale", () => {
    expect(formatAge(before(HOUR), NOW, "fr-FR")).toBe("il y a 1 heure");
    expect(formatAge(before(3 * 24 * HOUR), NOW, "es-ES")).toBe("hace 3 días");
  });

  it("gives nothing for a text that is not a time", () => {
    expect(formatAge("yesterday", NOW, "en-US")).toBeUndefined();
  });
});
