/**
 * Tap an event hub: every event the session manager publishes (after its journal batch is durable)
 * also goes to `listener`. The observer sees exactly what WatchSession clients see, in order.
 */
import type { SessionEvent } from "@padmesh/proto";
import type { EventHub } from "../session/hub.js";

export function tapEventHub(
  hub: EventHub,
  listener: (sessionId: string, event: SessionEvent) => void,
): EventHub {
  return {
    publish(sessionId, event) {
      hub.publish(sessionId, event);
      listener(sessionId, event);
    },
    subscribe: (sessionId, l) => hub.subscribe(sessionId, l),
    watchers: (sessionId) => hub.watchers(sessionId),
  };
}
