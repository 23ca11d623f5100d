package dev.parley.socketio.adapter;

/** Makes the adapter of each namespace. */
@FunctionalInterface
public interface AdapterFactory {

  /** The in-memory adapter: one node. */
  AdapterFactory IN_MEMORY = InMemoryAdapter::new;

  Adapter create(AdapterContext context);
}
