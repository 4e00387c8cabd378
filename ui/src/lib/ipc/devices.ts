// Device commands and the scan event (issue 4). Same seam as index.ts: nothing else imports bindings.
import { commands, events } from "./bindings";
import type {
  DeviceSettings,
  DevicesOverview,
  PortView,
  ScanView,
  SimPackage,
  SimWeight,
  WeightRead,
  WeightView,
} from "./bindings";
import { call } from "./index";
import type { IpcResult, Unlisten } from "./index";

export type {
  DeviceSettings,
  DevicesOverview,
  PortChoice,
  PortView,
  PresetChoice,
  ScaleProtocolChoice,
  ScaleSettings,
  ScannerSettings,
  ScanKindView,
  ScanSourceView,
  ScanView,
  SimPackage,
  SimWeight,
  SuffixChoice,
  WeightRead,
  WeightView,
} from "./bindings";

export function fetchDevices(): Promise<IpcResult<DevicesOverview>> {
  return call(() => commands.devicesOverview());
}

export function listPorts(): Promise<IpcResult<PortView[]>> {
  return call(() => commands.devicesListPorts());
}

export function saveDeviceSettings(settings: DeviceSettings): Promise<IpcResult<DevicesOverview>> {
  return call(() => commands.devicesSaveSettings(settings));
}

export function readWeight(read: WeightRead): Promise<IpcResult<WeightView>> {
  return call(() => commands.scaleRead(read));
}

export function zeroScale(): Promise<IpcResult<null>> {
  return call(() => commands.scaleZero());
}

export function tareScale(): Promise<IpcResult<string | null>> {
  return call(() => commands.scaleTare());
}

export function submitWedge(text: string): Promise<IpcResult<ScanView | null>> {
  return call(() => commands.submitWedge(text));
}

export function simPlaceWeight(weight: SimWeight): Promise<IpcResult<null>> {
  return call(() => commands.simPlaceWeight(weight));
}

export function simPlugScale(plugged: boolean): Promise<IpcResult<null>> {
  return call(() => commands.simPlugScale(plugged));
}

export function simScan(text: string): Promise<IpcResult<null>> {
  return call(() => commands.simScan(text));
}

export function simPackages(filter: string): Promise<IpcResult<SimPackage[]>> {
  return call(() => commands.simPackages(filter));
}

export function onScanReceived(handler: (scan: ScanView) => void): Promise<Unlisten> {
  return events.scanReceived.listen((e) => handler(e.payload));
}
