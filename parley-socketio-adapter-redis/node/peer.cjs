// A Node socket.io 4.8 server with @socket.io/redis-adapter (classic or sharded) or
// @socket.io/redis-streams-adapter (0.3.x, or 0.2.x under the alias redis-streams-adapter-0.2), driven by Parley's Redis adapter
// tests: one JSON command per stdin line, one JSON reply per stdout line. It is the other half of a mixed cluster:
// the tests call its io instance's cluster operations and check that they see and act on Parley's sockets.
// Binary values cross the pipe as {"$bin": "<base64>"}.
"use strict";
const http = require("http");
const readline = require("readline");
const { Server } = require("socket.io");
const { createAdapter, createShardedAdapter } = require("@socket.io/redis-adapter");
const { Emitter } = require("@socket.io/redis-emitter");
const { createClient } = require("redis");
const notepack = require("notepack.io");

let io;
let httpServer;
let pubClient;
let subClient;
let options;
const serverSideEvents = [];

function out(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function encode(value) {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { $bin: Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === "object") {
    const copy = {};
    for (const [k, v] of Object.entries(value)) copy[k] = encode(v);
    return copy;
  }
  return value === undefined ? null : value;
}

function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === "object") {
    if (typeof value.$bin === "string" && Object.keys(value).length === 1) return Buffer.from(value.$bin, "base64");
    const copy = {};
    for (const [k, v] of Object.entries(value)) copy[k] = decode(v);
    return copy;
  }
  return value;
}

function target(cmd) {
  let operator = io.of(cmd.nsp || "/");
  if (cmd.rooms && cmd.rooms.length) operator = operator.to(cmd.rooms);
  if (cmd.except && cmd.except.length) operator = operator.except(cmd.except);
  return operator;
}

function describe(socket) {
  return {
    id: socket.id,
    rooms: [...socket.rooms],
    data: encode(socket.data),
    auth: encode(socket.handshake.auth),
    address: socket.handshake.address,
    issued: socket.handshake.issued,
  };
}

function onConnection(socket) {
  // what every test client asks for in its auth payload
  const auth = socket.handshake.auth || {};
  socket.data = { node: "node", name: auth.name || null };
  if (auth.room) socket.join(auth.room);
}

function makeAdapter(cmd) {
  if (cmd.mode === "sharded") {
    return createShardedAdapter(pubClient, subClient, { channelPrefix: cmd.key, subscriptionMode: cmd.subscriptionMode });
  }
  if (cmd.mode === "streams" || cmd.mode === "streams-0.2") {
    // @socket.io/redis-streams-adapter: 0.3.x (requests over pub/sub) or 0.2.x (everything in the stream)
    // 0.2.x needs node-redis 4 (isolated commands) or ioredis: it gets ioredis, as its own tests use
    const legacy = cmd.mode === "streams-0.2";
    const streams = legacy ? require("redis-streams-adapter-0.2") : require("@socket.io/redis-streams-adapter");
    const client = legacy ? new (require("ioredis"))(cmd.redisUrl) : pubClient;
    // each test's own stream and session keys, named after its key; quick heartbeats for the 0.2.x node counting
    return streams.createAdapter(client, { streamName: cmd.key, channelPrefix: cmd.key,
      sessionKeyPrefix: cmd.key + ":session:", blockTimeInMs: 1000, heartbeatInterval: 500, heartbeatTimeout: 2000,
      requestsTimeout: cmd.requestsTimeout || 5000 });
  }
  return createAdapter(pubClient, subClient, { key: cmd.key, requestsTimeout: cmd.requestsTimeout || 5000 });
}

const handlers = {
  async start(cmd) {
    options = cmd;
    pubClient = createClient({ url: cmd.redisUrl });
    subClient = pubClient.duplicate();
    pubClient.on("error", () => {});
    subClient.on("error", () => {});
    await Promise.all([pubClient.connect(), subClient.connect()]);
    const adapter = makeAdapter(cmd);
    httpServer = http.createServer();
    const serverOptions = { adapter };
    if (cmd.recovery) serverOptions.connectionStateRecovery = { maxDisconnectionDuration: cmd.recovery };
    io = new Server(httpServer, serverOptions);
    io.on("connection", onConnection);
    io.of("/admin").on("connection", onConnection);
    // server-side events from the other nodes: recorded, and answered when an answer is wanted
    io.on("ping-node", (...args) => {
      const last = args[args.length - 1];
      const ack = typeof last === "function" ? args.pop() : null;
      serverSideEvents.push(encode(args));
      if (ack) ack({ from: "node", got: encode(args) });
    });
    await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    return { port: httpServer.address().port };
  },
  emit(cmd) {
    target(cmd).emit(cmd.event, ...decode(cmd.args || []));
    return {};
  },
  async emitWithAck(cmd) {
    try {
      const responses = await target(cmd).timeout(cmd.timeout).emitWithAck(cmd.event, ...decode(cmd.args || []));
      return { responses: encode(responses) };
    } catch (e) {
      return { error: e.message };
    }
  },
  async fetchSockets(cmd) {
    const sockets = await target(cmd).fetchSockets();
    return { sockets: sockets.map(describe) };
  },
  async remoteSocket(cmd) {
    // the RemoteSocket API of a socket found by fetchSockets (on any node)
    const [socket] = await io.of(cmd.nsp || "/").in(cmd.socketId).fetchSockets();
    if (!socket) return { found: false };
    if (cmd.join) socket.join(cmd.join);
    if (cmd.leave) socket.leave(cmd.leave);
    if (cmd.emit) socket.emit(cmd.emit, ...decode(cmd.args || []));
    if (cmd.disconnect) socket.disconnect(cmd.close === true);
    return { found: true };
  },
  socketsJoin(cmd) {
    target(cmd).socketsJoin(cmd.join);
    return {};
  },
  socketsLeave(cmd) {
    target(cmd).socketsLeave(cmd.leave);
    return {};
  },
  disconnectSockets(cmd) {
    target(cmd).disconnectSockets(cmd.close === true);
    return {};
  },
  serverSideEmit(cmd) {
    io.of(cmd.nsp || "/").serverSideEmit(cmd.event, ...decode(cmd.args || []));
    return {};
  },
  async serverSideEmitWithAck(cmd) {
    try {
      // the adapter's requestsTimeout bounds the wait (a namespace has no timeout() for server-side emits)
      const responses = await io.of(cmd.nsp || "/").serverSideEmitWithAck(cmd.event, ...decode(cmd.args || []));
      return { responses: encode(responses) };
    } catch (e) {
      return { error: e.message };
    }
  },
  serverSideEvents() {
    return { events: serverSideEvents };
  },
  localSockets(cmd) {
    const sockets = [...io.of(cmd.nsp || "/").sockets.values()];
    return { sockets: sockets.map(describe) };
  },
  async allRooms(cmd) {
    // classic mode only: the adapter's own request type ALL_ROOMS, answered by every node
    return { rooms: [...(await io.of(cmd.nsp || "/").adapter.allRooms())] };
  },
  async serverCount(cmd) {
    return { count: await io.of(cmd.nsp || "/").adapter.serverCount() };
  },
  async emitter(cmd) {
    // @socket.io/redis-emitter, as a process without sockets would use it
    let emitter = new Emitter(pubClient, { key: options.key });
    if (cmd.nsp) emitter = emitter.of(cmd.nsp);
    let operator = emitter;
    if (cmd.rooms && cmd.rooms.length) operator = operator.to(cmd.rooms);
    if (cmd.join) operator.socketsJoin(cmd.join);
    else if (cmd.disconnect) operator.disconnectSockets(cmd.close === true);
    else if (cmd.serverSide) emitter.serverSideEmit(cmd.event, ...decode(cmd.args || []));
    else operator.emit(cmd.event, ...decode(cmd.args || []));
    return {};
  },
  notepack(cmd) {
    // notepack.io, the reference's MessagePack: to compare Parley's encoder and decoder with it
    if (cmd.decode !== undefined) return { value: encode(notepack.decode(Buffer.from(cmd.decode, "base64"))) };
    return { bytes: notepack.encode(decode(cmd.encode)).toString("base64") };
  },
  async exit() {
    setTimeout(() => process.exit(0), 10);
    return {};
  },
};

// the reference adapter's request handler is async and trusts the shapes it reads: a hostile message on its channel
// becomes an unhandled rejection, which would end this process. The tests check that the nodes go on, so it is
// reported and survived here, as a production deployment would do with its own handler.
process.on("unhandledRejection", (e) => process.stderr.write("unhandled rejection: " + e + "\n"));
process.on("uncaughtException", (e) => process.stderr.write("uncaught exception: " + e + "\n"));

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", async (line) => {
  let cmd;
  try {
    cmd = JSON.parse(line);
    const result = await handlers[cmd.cmd](cmd);
    out(Object.assign({ reply: cmd.id }, result));
  } catch (e) {
    out({ reply: cmd ? cmd.id : null, failure: String(e && e.stack ? e.stack : e) });
  }
});
rl.on("close", () => process.exit(0));
out({ event: "ready" });
