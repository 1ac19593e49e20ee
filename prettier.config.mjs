// Prettier formats the code (TypeScript, JavaScript, JSON, YAML); ESLint (eslint.config.mjs) checks
// what code may import. The settings are the ones closest to the code as written, measured with
// `npx prettier --list-different .` over the whole repository (issue 17; docs/ARCHITECTURE.md):
// single quotes, semicolons and trailing commas everywhere as before; lines up to 180 columns
// (the code has many lines of 120-200 columns: 180 leaves the fewest lines changed).
// Markdown is left alone (see .prettierignore).

/** @type {import('prettier').Config} */
export default {
  printWidth: 180,
  singleQuote: true,
};
