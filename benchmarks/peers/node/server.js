'use strict';
// Reference Socket.IO server for the Parley benchmark suite. Implements the contract on namespace "/":
//   join(room, ack)  -> joins the room, then acks (no arguments)
//   bench(data)      -> broadcast unchanged to room "bench" as "bench"
//   echo(data, ack)  -> ack(data)
// Usage: node --expose-gc server.js --port N [--engine ws|uws] [--host 127.0.0.1] [--redis redis://127.0.0.1:P]
// With --redis, the node joins a cluster through @socket.io/redis-adapter (default key "socket.io", as Parley's
// RedisAdapter), and listens only once both Redis connections are up, so a probe that answers means a node that
// already receives the other nodes' broadcasts.
// SIGUSR2 forces a GC (needs --expose-gc); SIGTERM exits.

const { Server } = require('socket.io');

function arg(name, def) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const port = parseInt(arg('port', '3000'), 10);
const host = arg('host', '127.0.0.1');
const engine = arg('engine', 'ws');
const redisUrl = arg('redis', null);

const io = new Server({ serveClient: false });

io.on('connection', (socket) => {
  socket.on('join', (room, ack) => {
    socket.join(String(room));
    if (typeof ack === 'function') ack();
  });
  socket.on('bench', (data) => {
    io.to('bench').emit('bench', data);
  });
  socket.on('echo', (data, ack) => {
    if (typeof ack === 'function') ack(data);
  });
});

function listen() {
  if (engine === 'uws') {
    const { App } = require('@trufflesuite/uws-js-unofficial');
    const app = App();
    io.attachApp(app);
    app.listen(host, port, (token) => {
      if (!token) {
        console.error('uws: cannot listen on ' + host + ':' + port);
        process.exit(1);
      }
      console.log('socket.io (uWebSockets.js) listening on ' + host + ':' + port);
    });
  } else {
    const http = require('http');
    const server = http.createServer();
    io.attach(server);
    server.listen(port, host, () => console.log('socket.io (ws) listening on ' + host + ':' + port));
  }
}

async function joinCluster() {
  const { createClient } = require('redis');
  const { createAdapter } = require('@socket.io/redis-adapter');
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  // a lost Redis must show in the log, not end the process: the suite sees the missing deliveries
  pub.on('error', (e) => console.error('redis pub: ' + e.message));
  sub.on('error', (e) => console.error('redis sub: ' + e.message));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  console.log('redis adapter on ' + redisUrl);
}

if (redisUrl) {
  joinCluster().then(listen, (e) => {
    console.error('cannot join the cluster: ' + e.message);
    process.exit(1);
  });
} else {
  listen();
}

process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
