// The attackers of flood.mjs, in a process of their own:
//   node flood-attackers.mjs PORT IDLE_FROM IDLE_COUNT SLOW_FROM SLOW_COUNT [RETRY_MS]
// Each client connects, idles (or sends DATA at 1 byte a second), and reconnects RETRY_MS (5000) after it
// is cut or refused. Prints {"attached":N,"refused":N} once a second.
import { connect } from 'node:net';

const [port, idleFrom, idleCount, slowFrom, slowCount, retry = '5000'] = process.argv.slice(2);
const counts = { attached: 0, refused: 0 };
const RETRY_MS = Number(retry);

function attacker(from, behave) {
  const open = () => {
    const socket = connect({ port: Number(port), host: '127.0.0.1', localAddress: from });
    let text = '';
    let admitted = false;
    socket.on('data', (c) => {
      text += c;
      if (!admitted && text.startsWith('220 ')) {
        admitted = true;
        counts.attached += 1;
        behave(socket);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (admitted) counts.attached -= 1;
      else counts.refused += 1;
      setTimeout(open, RETRY_MS);
    });
  };
  open();
}

const slowloris = (socket) => {
  socket.write('EHLO slow.bench\r\nMAIL FROM:<x@localhost>\r\nRCPT TO:<admin@localhost>\r\nDATA\r\nSubject: slow\r\n\r\n');
  const drip = setInterval(() => socket.write('x'), 1000);
  socket.once('close', () => clearInterval(drip));
};

for (let i = 0; i < Number(idleCount); i++) attacker(idleFrom, () => undefined);
for (let i = 0; i < Number(slowCount); i++) attacker(slowFrom, slowloris);
setInterval(() => process.stdout.write(`${JSON.stringify(counts)}\n`), 1000);
process.on('SIGTERM', () => process.exit(0));
