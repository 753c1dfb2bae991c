import type { EventName, Events } from '../shared/contract';

type Listener<E extends EventName> = (payload: Events[E]) => void;

/** Push events from main to every connected window (IPC or server-sent events). */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly any = new Set<(event: EventName, payload: unknown) => void>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    // Events follow a committed write: a window that is gone must not turn "saved" into an error.
    for (const listener of this.listeners.get(event) ?? []) deliver(event, () => listener(payload));
    for (const listener of this.any) deliver(event, () => listener(event, payload));
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  /** Every event, for transports that forward them all. */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    this.any.add(listener);
    return () => this.any.delete(listener);
  }
}

function deliver(event: EventName, send: () => void): void {
  try {
    send();
  } catch (error) {
    console.error(`[events] a ${event} listener failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
