import { writeFileSync } from "node:fs";
import { buildEditorCatalogue } from "../lib/flows/editor-help/build-catalogue";

// Writes the flow editor's completion and hover data; run after changing the catalogue or its docs:
//   npx tsx scripts/generate-editor-catalogue.ts
const target = new URL("../lib/flows/editor-help/catalogue.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(buildEditorCatalogue())}\n`);
console.log(`wrote ${target.pathname}`);
