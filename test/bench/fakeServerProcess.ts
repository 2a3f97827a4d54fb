// The fake Connect server in a process of its own, as a real server would be: its
// CPU time and memory must not count as the client's.
// usage: node fakeServerProcess.js [ATTACHMENT_BYTES]   prints the URL; stops when stdin closes.
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts this file as a child process and resolves with the fake server's URL. */
export async function startServerProcess(attachmentBytes?: number): Promise<ServerProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [__filename, ...(attachmentBytes ? [String(attachmentBytes)] : [])], { stdio: 'pipe' });
  child.stderr.pipe(process.stderr);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the fake server process exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      child.stdin.end();
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

if (require.main === module) {
  const bytes = Number(process.argv[2] ?? 0);
  void FakeConnectServer.start(bytes ? { quirks: { attachmentBytes: bytes } } : {}).then((server) => {
    process.stdout.write(`${server.url}\n`);
    process.stdin.resume();
    process.stdin.on('end', () => void server.stop().then(() => process.exit(0)));
  });
}
