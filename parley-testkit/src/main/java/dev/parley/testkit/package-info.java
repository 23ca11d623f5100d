/**
 * Test clients: {@link dev.parley.testkit.JsClientDriver} drives the official JavaScript client under Node;
 * {@link dev.parley.testkit.RawPollingClient} and {@link dev.parley.testkit.RawWebSocketClient} speak Engine.IO by
 * hand, for protocol and hostile-input tests.
 */
package dev.parley.testkit;
