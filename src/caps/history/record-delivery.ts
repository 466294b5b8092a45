import type { Delivery, DeliveryHistory } from "./delivery.js";

/** A new history with the delivery added in time order (the input is not changed). */
export function recordDelivery(history: DeliveryHistory | undefined, delivery: Delivery): DeliveryHistory {
  const deliveries = history?.deliveries ?? [];
  let index = deliveries.length;
  while (index > 0 && (deliveries[index - 1] as Delivery).at > delivery.at) index--;
  return { deliveries: [...deliveries.slice(0, index), delivery, ...deliveries.slice(index)] };
}
