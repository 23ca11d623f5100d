// Drives the official socket.io-client from a Java test: one JSON command per stdin line, one JSON message per
// stdout line. Binary values cross the pipe as {"$bin": "<base64>"} and become Buffers on this side.
"use strict";
const { io, Manager } = require("socket.io-client");
const readline = require("readline");

const clients = new Map();
const managers = new Map();

function out(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function encode(value) {
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

// what a disconnection's details say: a close description, or the error behind a transport error
function describe(details) {
  if (!details) return null;
  const d = details.description;
  if (d === undefined || d === null) return details.message ? String(details.message) : null;
  if (typeof d === "object") return String(d.message || d.code || JSON.stringify(d));
  return String(d) + (details.context && details.context.status ? " (" + details.context.status + ")" : "");
}

function watch(name, socket) {
  socket.on("connect", () =>
    out({ client: name, event: "connect", args: [socket.id, socket.io.engine.transport.name, socket.recovered] }));
  socket.on("connect_error", (err) =>
    out({ client: name, event: "connect_error", args: [err.message, encode(err.data === undefined ? null : err.data)] }));
  socket.on("disconnect", (reason, details) =>
    out({ client: name, event: "disconnect", args: [reason, describe(details)] }));
  socket.onAny((event, ...args) => {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const key = name + "\u0000" + event;
      const ackValue = pendingAckReplies.get(key);
      args.pop();
      out({ client: name, event, args: encode(args), ackRequested: true });
      if (!silentAcks.has(key)) last(...(ackValue === undefined ? [] : decode(ackValue)));
    } else {
      out({ client: name, event, args: encode(args) });
    }
  });
  socket.io.on("reconnect_attempt", (n) => out({ client: name, event: "reconnect_attempt", args: [n] }));
  socket.io.on("reconnect", (n) => out({ client: name, event: "reconnect", args: [n] }));
  socket.io.on("open", () => {
    const engine = socket.io.engine;
    engine.on("upgrade", (t) => out({ client: name, event: "upgrade", args: [t.name] }));
  });
}

// what a client answers when the server emits with an ack: set per (client, event) with "ackReply"
const pendingAckReplies = new Map();
// events whose acknowledgement this client never sends (to test server-side ack timeouts)
const silentAcks = new Set();

const handlers = {
  connect(cmd) {
    const opts = Object.assign({ forceNew: cmd.forceNew !== false, reconnection: false }, cmd.opts || {});
    if (opts.auth) opts.auth = decode(opts.auth);
    let socket;
    if (cmd.manager) {
      let manager = managers.get(cmd.manager);
      if (!manager) {
        manager = new Manager(cmd.url, opts);
        managers.set(cmd.manager, manager);
      }
      socket = manager.socket(cmd.nsp || "/", { auth: opts.auth });
    } else {
      socket = io(cmd.url, opts);
    }
    clients.set(cmd.client, socket);
    watch(cmd.client, socket);
    return {};
  },
  emit(cmd) {
    const socket = clients.get(cmd.client);
    const args = decode(cmd.args || []);
    if (!cmd.ack) {
      (cmd.volatile ? socket.volatile : socket).emit(cmd.event, ...args);
      return {};
    }
    const target = cmd.timeout ? socket.timeout(cmd.timeout) : socket;
    return new Promise((resolve) => {
      target.emit(cmd.event, ...args, (...response) => {
        if (cmd.timeout) {
          const err = response.shift();
          if (err) return resolve({ error: err.message });
        }
        resolve({ args: encode(response) });
      });
    });
  },
  ackReply(cmd) {
    pendingAckReplies.set(cmd.client + "\u0000" + cmd.event, cmd.args || []);
    return {};
  },
  ackSilence(cmd) {
    silentAcks.add(cmd.client + "\u0000" + cmd.event);
    return {};
  },
  state(cmd) {
    const socket = clients.get(cmd.client);
    const engine = socket.io.engine;
    return { connected: socket.connected, id: socket.id || null, transport: engine ? engine.transport.name : null,
      recovered: !!socket.recovered };
  },
  connectAgain(cmd) {
    clients.get(cmd.client).connect();
    return {};
  },
  disconnect(cmd) {
    clients.get(cmd.client).disconnect();
    return {};
  },
  closeEngine(cmd) {
    // a transport-level close, as a network failure would do (the client will try to reconnect)
    clients.get(cmd.client).io.engine.close();
    return {};
  },
  exit() {
    setImmediate(() => process.exit(0));
    return {};
  },
};

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
