// Seed 004's chat page with seed 001's events. Every text goes through textContent: nothing a user types is
// ever parsed as HTML.
(function () {
  "use strict";
  const socket = io();
  const chatBox = document.getElementById("chat-box");
  const status = document.getElementById("status");
  const users = document.getElementById("users");
  const typingLine = document.getElementById("typing");
  const messageForm = document.getElementById("message-form");
  const messageInput = document.getElementById("message-input");
  const nameForm = document.getElementById("name-form");
  const nameInput = document.getElementById("name-input");
  let name = null;
  let typingTimer = null;
  const typers = new Map();

  function add(text, type, user, timestamp) {
    const p = document.createElement("p");
    p.className = type || "";
    if (user) {
      const strong = document.createElement("strong");
      strong.textContent = user + ": ";
      p.appendChild(strong);
    }
    p.appendChild(document.createTextNode(text));
    if (timestamp) {
      const time = document.createElement("time");
      time.dateTime = timestamp;
      time.textContent = new Date(timestamp).toLocaleTimeString();
      p.appendChild(time);
    }
    chatBox.appendChild(p);
    chatBox.scrollTop = chatBox.scrollHeight;
  }

  socket.on("connect", () => {
    status.textContent = "Connected";
    if (name) socket.emit("user_joined", name);
  });
  socket.on("disconnect", (reason) => { status.textContent = "Disconnected (" + reason + "), reconnecting…"; });
  socket.on("connect_error", (err) => { status.textContent = "Cannot connect: " + err.message; });

  socket.on("message", (data) => {
    if (typeof data === "string") return add(data, "broadcast");
    add(data.text, data.type === "welcome" ? "system" : "broadcast", data.type === "welcome" ? null : data.user,
      data.timestamp);
  });
  socket.on("user_joined", (data) => add(data.user + " joined", "system"));
  socket.on("user_left", (data) => add(data.user + " left", "system"));
  socket.on("users_updated", (names) => {
    users.replaceChildren(...names.map((n) => {
      const li = document.createElement("li");
      li.textContent = n;
      return li;
    }));
  });
  socket.on("user_typing", (data) => {
    clearTimeout(typers.get(data.user));
    if (data.isTyping) {
      // a typer that goes silent (a closed tab) fades out by itself
      typers.set(data.user, setTimeout(() => { typers.delete(data.user); renderTyping(); }, 6000));
    } else {
      typers.delete(data.user);
    }
    renderTyping();
  });

  function renderTyping() {
    const names = [...typers.keys()];
    typingLine.textContent = names.length === 0 ? "" : names.length === 1 ? names[0] + " is typing…"
      : names.length === 2 ? names[0] + " and " + names[1] + " are typing…" : "Several people are typing…";
  }

  nameForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const value = nameInput.value.trim();
    if (!value) return;
    name = value;
    socket.emit("user_joined", name);
    nameForm.hidden = true;
  });

  messageForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = messageInput.value.trim();
    if (!text) return;
    socket.emit("message", { text: text, user: name || "Anonymous" });
    // sending ends typing: say so now, and let the next keystroke start it again
    clearTimeout(typingTimer);
    typingTimer = null;
    socket.emit("typing", { user: name || "Anonymous", isTyping: false });
    messageInput.value = "";
  });

  messageInput.addEventListener("input", () => {
    if (!typingTimer) socket.emit("typing", { user: name || "Anonymous", isTyping: true });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      typingTimer = null;
      socket.emit("typing", { user: name || "Anonymous", isTyping: false });
    }, 1000);
  });
})();
