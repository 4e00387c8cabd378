// Queue and status as the engine would send them. The engine's clock is fixed far from the test
// machine's, so a countdown computed from the browser's own clock would be visibly wrong.

export const ENGINE_NOW = "2030-03-14T15:00:00.000Z";

function at(offsetSecs) {
  return new Date(Date.parse(ENGINE_NOW) + offsetSecs * 1000).toISOString();
}

function line(line_no, sku, description, amount, unit) {
  return { line_no, sku, description, wanted: { amount, unit }, weighed: unit === "milligram" };
}

function order(pos_id, customer, channel, express, promisedOffsetSecs, lines) {
  return {
    pos_id,
    customer,
    channel,
    express,
    status: "queued",
    promised_at: at(promisedOffsetSecs),
    claimed_by: null,
    lines,
  };
}

// In the engine's order: express first, then by promised time.
export const ENTRIES = [
  order("P-1003", "Ada Ortiz", "delivery", true, 25 * 60, [line(1, "SKU-VAPE-1", "Brand Y — Cart 1 g", 1, "each")]),
  order("P-1001", "Jane Doe", "pickup", false, -95, [
    line(1, "SKU-FLOWER-X", "Brand X — Flower (bulk)", 3500, "milligram"),
    line(2, "SKU-VAPE-Y", "Brand Y — Vape cartridge", 1, "each"),
    line(3, "SKU-EDIBLE-Z", "Brand Z — Gummies", 2, "each"),
  ]),
  order("P-1002", "Bo Chen", "curbside", false, 12 * 60 + 5, [line(1, "SKU-PREROLL-1", "Brand W — Pre-roll", 3, "each")]),
  order("P-1004", "Cy Dube", "pickup", false, 2 * 3600 + 3 * 60 + 4, [line(1, "SKU-TOPICAL-1", "Brand V — Balm", 1, "each")]),
];

export function queue(entries = ENTRIES, now = ENGINE_NOW) {
  return { now, entries };
}

export const TECHNICIAN = { badge: "B1042", name: "Sam Rivera (technician)", role: "technician" };
export const MANAGER = { badge: "M2001", name: "Alex Chen (Inventory Manager)", role: "manager" };

export function unlocked(agent = TECHNICIAN) {
  return { state: "unlocked", agent };
}

export function sync(overrides = {}) {
  return { connected: true, alarm: null, deadline_at: null, pending: 0, sent: 0, draining: false, pool_free: 20, ...overrides };
}

export function world(overrides = {}) {
  return { session: unlocked(), sync: sync(), needs_setup: false, ...overrides };
}

export function setup(overrides = {}) {
  return {
    mode: "training",
    needs_manager: false,
    needs_account: false,
    settings_problem: null,
    demo_agents: [
      { badge: "B-1042", name: "Sam Rivera (technician)", role: "technician", pin: "1234" },
      { badge: "M-2001", name: "Alex Chen (Inventory Manager)", role: "manager", pin: "2468" },
    ],
    ...overrides,
  };
}

export function status(overrides = {}, worldOverrides = {}) {
  return {
    now: ENGINE_NOW,
    mode: "training",
    world: world(worldOverrides),
    status: {
      link: { state: "online" },
      outbox_depth: 3,
      outbox_in_review: 1,
      oldest_unsynced_secs: 125,
      scale: { state: "connected", detail: "Ohaus Ranger 3000 on /dev/ttyUSB0" },
      scanner: { state: "not_configured" },
      ...overrides,
    },
  };
}

export { at, order, line };
