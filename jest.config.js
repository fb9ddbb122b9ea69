/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }],
  },
  collectCoverage: true,
  collectCoverageFrom: ["src/core/**/*.ts"],
  coverageReporters: ["text-summary"],
  coverageThreshold: {
    "./src/core/": { lines: 90 },
  },
};
