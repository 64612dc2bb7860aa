// Renders TeX to HTML + MathML with KaTeX (npm, package.json) for tools/sphinx_ext/nnbook_math.py,
// so that the pages carry finished formulas and no TeX engine runs in the reader's browser.
// Protocol, one JSON object per line: the first line of stdin is the options
// {"macros": {"\\w": "w^{(#1)}_{#2,#3}", ...}}; every further line is a request
// {"tex": "...", "display": true|false}, answered on stdout by {"html": "..."} or, when
// KaTeX cannot parse the TeX, {"error": "..."}.
import { createInterface } from "node:readline";
import katex from "katex";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let macros = null;

for await (const line of lines) {
  if (!line.trim()) continue;
  const message = JSON.parse(line);
  if (macros === null) {
    macros = message.macros ?? {};
    continue;
  }
  let answer;
  try {
    const html = katex.renderToString(message.tex, {
      displayMode: Boolean(message.display),
      output: "htmlAndMathml",
      throwOnError: true,
      strict: "ignore",
      trust: false,
      // a copy: \gdef in one formula must not leak into the next
      macros: { ...macros },
    });
    answer = { html };
  } catch (error) {
    answer = { error: String(error && error.message ? error.message : error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
