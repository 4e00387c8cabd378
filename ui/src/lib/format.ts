import type { Channel, DeviceStatus, LinkStatus, Quantity } from "./ipc";

/** "3.50 g" for weighed goods (stored in milligrams), "2 ea" for counted ones. */
export function formatQuantity(q: Quantity): string {
  switch (q.unit) {
    case "milligram":
      return `${(q.amount / 1000).toFixed(2)} g`;
    case "each":
      return `${q.amount} ea`;
  }
}

/** Whole seconds left, rounded toward the past so "0:00" shows only once the time has come. */
export function secondsLeft(promisedAtIso: string, nowMs: number): number {
  return Math.floor((Date.parse(promisedAtIso) - nowMs) / 1000);
}

function pad(n: number): string {
  return n.toString().padStart(2, "0");
}

/** "12:05", "1:02:03", or "−3:10" once overdue. */
export function formatCountdown(seconds: number): string {
  const sign = seconds < 0 ? "−" : "";
  const s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${sign}${h}:${pad(m)}:${pad(rest)}` : `${sign}${m}:${pad(rest)}`;
}

/** "45 s", "12 min", "3 h 05 min". */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}

export const CHANNEL_LABEL: Record<Channel, string> = {
  pickup: "Pickup",
  curbside: "Curbside",
  delivery: "Delivery",
};

export function linkLabel(link: LinkStatus): string {
  switch (link.state) {
    case "online":
      return "Online";
    case "offline":
      return `Offline — ${link.detail}`;
    case "not_configured":
      return "State system not configured";
  }
}

export function deviceLabel(device: DeviceStatus): string {
  switch (device.state) {
    case "connected":
      return device.detail;
    case "lost":
      return `Lost — ${device.detail}`;
    case "not_configured":
      return "Not configured";
  }
}
