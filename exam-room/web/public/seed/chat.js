// Seed 004's chat room script, as the seed wrote it (the part after "seed 004" below), with what the exam room
// needs around it: every socket signs in with a JWT access token in its `auth` payload. The token comes from the
// refresh cookie of a session signed in on this server (the web UI's), else from the sign-in form; it is kept in
// memory only and renewed before it expires. docs/events.md, "Seed 004's page", describes the protocol.
(function () {
    'use strict';

    // until the socket is there, a submit must not reload the page
    document.getElementById('message-form').onsubmit = (e) => e.preventDefault();
    const loginForm = document.getElementById('login-form');
    const loginError = document.getElementById('login-error');
    let token = null;
    let renewAt = 0;

    // when to renew: at 80 % of the token's own lifetime (exp - iat), measured on this page's clock
    function remember(auth) {
        token = auth.accessToken;
        let lifetimeMs = 60000;
        try {
            const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
            lifetimeMs = (claims.exp - claims.iat) * 1000;
        } catch (e) {
            // an unreadable token: renew after a minute
        }
        renewAt = Date.now() + lifetimeMs * 0.8;
    }

    async function refresh() {
        try {
            const res = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' });
            if (!res.ok) {
                return false;
            }
            remember(await res.json());
            return true;
        } catch (e) {
            return false;
        }
    }

    function signIn() {
        loginForm.hidden = false;
        return new Promise((resolve) => {
            loginForm.onsubmit = async (e) => {
                e.preventDefault();
                loginError.textContent = '';
                const res = await fetch('/api/auth/login', {
                    method: 'POST',
                    credentials: 'same-origin',
                    headers: { 'Content-Type': 'application/json' },
                    body: JSON.stringify({
                        username: document.getElementById('login-username').value,
                        password: document.getElementById('login-password').value,
                    }),
                });
                if (!res.ok) {
                    loginError.textContent = 'Wrong username or password.';
                    return;
                }
                remember(await res.json());
                loginForm.hidden = true;
                resolve();
            };
        });
    }

    async function freshToken() {
        if (token && Date.now() < renewAt) {
            return token;
        }
        if (!(await refresh())) {
            await signIn();
        }
        return token;
    }

    freshToken().then(() => {
        // asked again on every (re)connection, so a reconnection after the token expired signs in afresh
        const socket = io({ auth: (cb) => { freshToken().then((t) => cb({ token: t })); } });
        socket.on('connect', () => { document.body.dataset.connection = 'connected'; });
        socket.on('disconnect', (reason) => {
            document.body.dataset.connection = 'disconnected';
            // the server ends a socket whose token expired or whose user signed out: connect again, signing in anew
            if (reason === 'io server disconnect') {
                socket.connect();
            }
        });

        // ---- seed 004 ----
        const chatBox = document.getElementById('chat-box');
        const form = document.getElementById('message-form');
        const input = document.getElementById('message-input');

        // 1. Handle Form Submit
        form.onsubmit = (e) => {
            e.preventDefault();
            const msg = input.value;
            if (msg) {
                socket.emit('message', msg); // Send to server
                input.value = ''; // Clear input
            }
        };

        // 2. Handle Incoming Messages
        socket.on('message', (msg) => {
            const p = document.createElement('p');
            p.textContent = msg;
            chatBox.appendChild(p);
            // Auto-scroll to bottom
            chatBox.scrollTop = chatBox.scrollHeight;
        });
    });
}());
