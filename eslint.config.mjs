// eslint for the book's own browser code (assets/*.js): `make lint-assets`.
// The files are plain scripts loaded with <script defer>; d3 and nnFigure (assets/figure.js)
// are the globals that other scripts of the page provide.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, d3: "readonly", nnFigure: "readonly" },
    },
    rules: {
      strict: ["error", "function"],
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: "error",
      "no-implicit-globals": "error",
    },
  },
];
