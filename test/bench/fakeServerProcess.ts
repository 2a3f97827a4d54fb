// The fake Connect server in a process of its own, for the download figure: the
// memory it spends sending a large file must not count as the extension's.
// usage: node fakeServerProcess.js ATTACHMENT_BYTES   prints the URL; stops when stdin closes.
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

void FakeConnectServer.start({ quirks: { attachmentBytes: Number(process.argv[2]) } }).then((server) => {
  process.stdout.write(`${server.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.stop().then(() => process.exit(0)));
});
