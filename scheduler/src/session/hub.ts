/**
 * Live fan-out of journalled session events to WatchSession streams. Events are published only
 * after their journal batch is durable, in cursor order.
 */
import type { SessionEvent } from "@padmesh/proto";

export type EventListener = (event: SessionEvent) => void;

export interface EventHub {
  publish(sessionId: string, event: SessionEvent): void;
  subscribe(sessionId: string, listener: EventListener): () => void;
  watchers(sessionId: string): number;
}

export function createEventHub(): EventHub {
  const subs = new Map<string, Set<EventListener>>();
  return {
    publish(sid, event) {
      for (const l of subs.get(sid) ?? []) l(event);
    },
    subscribe(sid, listener) {
      let set = subs.get(sid);
      if (!set) {
        set = new Set();
        subs.set(sid, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) subs.delete(sid);
      };
    },
    watchers: (sid) => subs.get(sid)?.size ?? 0,
  };
}
