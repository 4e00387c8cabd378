import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import svelteConfig from "./svelte.config.js";

// Only the IPC module talks to Tauri: everything else goes through it, which is also the seam the
// Playwright tests mock.
/** @type {import("eslint").Linter.RulesRecord} */
const tauriOnlyInIpc = {
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          group: ["@tauri-apps/*"],
          message: "Import from src/lib/ipc instead: only ui/src/lib/ipc/ may use @tauri-apps/*.",
        },
      ],
    },
  ],
};

export default ts.config(
  { ignores: ["dist/", "node_modules/"] },
  js.configs.recommended,
  ...ts.configs.strict,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: tauriOnlyInIpc,
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: [".svelte"], svelteConfig },
    },
  },
  {
    files: ["src/lib/ipc/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Generated from Rust by tauri-specta; checked for drift instead of linted.
    files: ["src/lib/ipc/bindings.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": "off",
      "@typescript-eslint/no-empty-object-type": "off",
    },
  },
  {
    files: ["*.config.js", "*.config.ts"],
    languageOptions: { globals: { ...globals.node } },
  },
);
