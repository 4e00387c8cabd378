export { lastScan, onScan, startScans } from "./scans.svelte";
export type { ScanView } from "./scans.svelte";
export { WedgeDetector, WEDGE_DEFAULTS, GS } from "./wedge";
