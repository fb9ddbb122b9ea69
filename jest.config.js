/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }],
  },
  // Component tests opt into jsdom with a `/** @jest-environment jsdom */` docblock; the matchers of
  // @testing-library/jest-dom are registered for every suite (they touch no DOM until used).
  setupFilesAfterEnv: ["<rootDir>/test/taskpane/setupJestDom.ts"],
  collectCoverage: true,
  collectCoverageFrom: ["src/core/**/*.ts"],
  coverageReporters: ["text-summary"],
  coverageThreshold: {
    "./src/core/": { lines: 90 },
  },
};
