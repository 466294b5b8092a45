import type { Delivery, DeliveryHistory } from "./delivery.js";
import { rememberTimeOrdered, timeOrdered } from "./time-ordered.js";

/** A new history with the delivery added in time order (the input is not changed). */
export function recordDelivery(history: DeliveryHistory | undefined, delivery: Delivery): DeliveryHistory {
  const deliveries = timeOrdered(history?.deliveries ?? []);
  let index = deliveries.length;
  while (index > 0 && (deliveries[index - 1] as Delivery).at > delivery.at) index--;
  return { deliveries: rememberTimeOrdered([...deliveries.slice(0, index), delivery, ...deliveries.slice(index)]) };
}
