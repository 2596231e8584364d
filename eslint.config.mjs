// Conventions that a reviewer should not have to check by hand: import boundaries between the
// layers (STYLE.md "Layout"), the raw database client only in the data layer, and server-only
// code kept out of the browser. `npm test` runs it (scripts/test-all.sh).
import tseslint from "typescript-eslint";

const rawClient = {
  group: ["@/generated/*", "**/generated/*", "@prisma/client", "@prisma/client/*"],
  message: "Use the data layer (lib/db); the generated clients are its own.",
};
const appImports = {
  group: ["@/app/*", "**/app/*"],
  message: "app/ holds routes only: lib/ and components/ never import from it.",
};
// server actions still live beside their pages (app/**/actions.ts) and are the one import that
// components may make from app/, until they move to lib/<domain>/actions.ts
const appImportsButActions = { regex: "^(@/|(\\.\\./)+)app/(?!.*/actions$)", message: appImports.message };
const dbInTheView = {
  group: ["@/lib/db", "**/lib/db", "../db", "../../db"],
  message: "Pages and components read through lib/<domain> functions, never the database client.",
};

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: { "no-control-regex": "error", "no-debugger": "error" },
  },
  {
    files: ["lib/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "cli/**/*.ts"],
    ignores: ["lib/db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [rawClient, appImports] }] },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [rawClient, dbInTheView] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [rawClient, appImportsButActions, dbInTheView] }] },
  },
  {
    // a client component cannot run server code: "use client" files import no server-only module
    files: ["components/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "Program:has(ExpressionStatement[directive='use client']) ImportDeclaration[source.value='server-only']",
          message: "A client component must not import server-only.",
        },
      ],
    },
  },
);
