// npm run test:e2e:loaded [-- <playwright args>]: the end-to-end suite while two busy loops compete
// for the CPU, so a test that depends on the machine's speed fails here before it fails in CI.
import { spawn, type ChildProcess } from 'node:child_process';

const BUSY_LOOPS = 2;
const busy: ChildProcess[] = Array.from({ length: BUSY_LOOPS }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopBusy = () => busy.forEach((child) => child.kill('SIGKILL'));
process.on('exit', stopBusy);
console.log(`e2e under load: ${BUSY_LOOPS} busy loops (pids ${busy.map((b) => b.pid).join(', ')})`);

const playwright = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit' });
playwright.on('exit', (code, signal) => {
  stopBusy();
  process.exit(code ?? (signal ? 1 : 0));
});
