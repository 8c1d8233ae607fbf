// A TCP proxy in front of the local DynamoDB endpoint that can be switched to fail like a real outage:
//   'forward'  pass traffic through
//   'refuse'   reset every connection at once (endpoint down)
//   'hang'     accept connections and never answer (black-holed endpoint)
//   'slow'     forward, but only after SLOW_MS (a table far away from the edge that runs the function)
// Switching mode cuts open connections, so keep-alive sockets cannot carry on as before.

import net from 'node:net';

export const SLOW_MS = 1200;

export async function startSwitchableProxy(target) {
  const { hostname, port } = new URL(target);
  const sockets = new Set();
  let mode = 'forward';
  const track = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'hang') {
      return; // held open until the mode changes or the proxy stops
    }
    const forward = () => {
      if (client.destroyed) {
        return;
      }
      const upstream = net.connect(Number(port), hostname);
      track(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    };
    if (mode === 'slow') {
      client.pause(); // the request waits in the socket buffer, as on a long path
      setTimeout(forward, SLOW_MS);
    } else {
      forward();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropAll = () => {
    for (const socket of sockets) {
      socket.destroy();
    }
  };
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    setMode(next) {
      mode = next;
      dropAll();
    },
    async stop() {
      dropAll();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
