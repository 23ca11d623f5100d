/** Placeholder: chat rooms (seed 003's join_room, chat_message, …) come in a later issue. */
export function ChatPage() {
  return (
    <section className="page narrow" data-testid="chat-placeholder">
      <h1>Chat rooms</h1>
      <p>Chat rooms are coming soon.</p>
    </section>
  );
}
