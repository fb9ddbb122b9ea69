// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "coverage/", "test-results/", "**/*.js", "**/*.mjs", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Dependencies point inward (STYLE.md §1): core is pure TypeScript.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "http", "https", "net", "path", "child_process"], message: "src/core is platform-free: no Node modules." },
            { group: ["react", "react-dom", "@fluentui/*", "@microsoft/office-js", "@azure/*"], message: "src/core is platform-free: no UI, Office or auth libraries." },
            { group: ["../directory", "../directory/*", "../office", "../office/*", "../launchevent", "../launchevent/*", "../taskpane", "../taskpane/*", "../../tools/*"], message: "Dependencies point inward: core imports nothing from outer layers." },
          ],
        },
      ],
      "no-restricted-globals": ["error", "fetch", "window", "document", "Office", "localStorage", "XMLHttpRequest", "process"],
    },
  },
  {
    // directory knows HTTP but not Office or the UI.
    files: ["src/directory/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../office", "../office/*", "../launchevent", "../launchevent/*", "../taskpane", "../taskpane/*", "react", "@fluentui/*"], message: "directory may use core only." }] },
      ],
      "no-restricted-globals": ["error", "Office", "window", "document", "localStorage"],
    },
  },
  {
    // The CLI, tools and tests print on purpose.
    files: ["tools/**/*.ts", "test/**/*.ts", "test/**/*.tsx"],
    rules: { "no-console": "off" },
  },
);
