// Runs one deploy-family command (src/cli/commands/<name>.ts) until the lead's `mender-swarm` entry wires them:
//   node --import tsx scripts/run-command.ts deploy --stack NAME FILE...
const [name, ...argv] = process.argv.slice(2);
const known = ['deploy', 'plan', 'export', 'scale', 'rm', 'doctor'];
if (!known.includes(name)) {
  process.stderr.write(`usage: run-command.ts ${known.join('|')} ARGS...\n`);
  process.exit(2);
}
import(`../src/cli/commands/${name}`)
  .then(async (m: { run: (a: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; env: NodeJS.ProcessEnv }) => Promise<number> }) => {
    process.exitCode = await m.run(argv, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env });
  })
  .catch((err: unknown) => {
    process.stderr.write(`run-command: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
