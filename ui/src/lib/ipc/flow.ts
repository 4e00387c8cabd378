// The pick/verify workflow's commands, wrapped like the rest of this seam (results, never throws).
import { commands } from "./bindings";
import type {
  CancelResult,
  DiscrepancyReport,
  LabelFeedback,
  OrderStatus,
  PickSnapshot,
  PrintRecord,
  PrintRequest,
  ScanFeedback,
  SpeedPanel,
  StageResult,
  VerifyFeedback,
  VerifyView,
  WeighFeedback,
} from "./bindings";
import { call } from "./index";
import type { IpcResult } from "./index";

export type {
  Awaiting,
  CancelResult,
  DiscrepancyReport,
  LabelFeedback,
  PickLine,
  PickSnapshot,
  Printable,
  PrintRecord,
  PrintRequest,
  PrintTarget,
  ScanFeedback,
  ScanVerdict,
  SoundKey,
  SpeedPanel,
  SpeedStats,
  StageResult,
  VerifyFeedback,
  VerifyVerdict,
  VerifyView,
  WeighFeedback,
  WeighOutcome,
  WeighRefusal,
} from "./bindings";

type R<T> = Promise<IpcResult<T>>;

export const flow = {
  claim: (order: string): R<PickSnapshot> => call(() => commands.flowClaim(order)),
  claimTicket: (scanned: string): R<PickSnapshot> => call(() => commands.flowClaimTicket(scanned)),
  snapshot: (order: string): R<PickSnapshot> => call(() => commands.flowSnapshot(order)),
  scan: (order: string, lineNo: number | null, scanned: string): R<ScanFeedback> =>
    call(() => commands.flowScan(order, lineNo, scanned)),
  confirmSeal: (order: string, tamperOk: boolean, expiryOk: boolean): R<ScanFeedback> =>
    call(() => commands.flowConfirmSeal(order, tamperOk, expiryOk)),
  confirmLabel: (order: string, lineNo: number, scanned: string): R<LabelFeedback> =>
    call(() => commands.flowConfirmLabel(order, lineNo, scanned)),
  weigh: (order: string, lineNo: number): R<WeighFeedback> => call(() => commands.flowWeigh(order, lineNo)),
  startVerify: (order: string): R<VerifyView> => call(() => commands.flowStartVerify(order)),
  verifyView: (order: string): R<VerifyView> => call(() => commands.flowVerifyView(order)),
  verifyScan: (order: string, scanned: string): R<VerifyFeedback> =>
    call(() => commands.flowVerifyScan(order, scanned)),
  finishVerify: (order: string): R<VerifyView> => call(() => commands.flowFinishVerify(order)),
  restartVerify: (order: string): R<VerifyView> => call(() => commands.flowRestartVerify(order)),
  backToPicking: (order: string): R<PickSnapshot> => call(() => commands.flowBackToPicking(order)),
  commitStage: (order: string, stagingScan: string): R<StageResult> =>
    call(() => commands.flowCommitStage(order, stagingScan)),
  handOff: (order: string): R<OrderStatus> => call(() => commands.flowHandOff(order)),
  pause: (order: string, reason: string): R<OrderStatus> => call(() => commands.flowPause(order, reason)),
  resume: (order: string): R<PickSnapshot> => call(() => commands.flowResume(order)),
  release: (order: string): R<OrderStatus> => call(() => commands.flowRelease(order)),
  cancel: (order: string, reason: string): R<CancelResult> => call(() => commands.flowCancel(order, reason)),
  reportDiscrepancy: (order: string, scanned: string): R<DiscrepancyReport> =>
    call(() => commands.flowReportDiscrepancy(order, scanned)),
  speed: (): R<SpeedPanel> => call(() => commands.flowSpeed()),
  print: (request: PrintRequest): R<PrintRecord> => call(() => commands.flowPrint(request)),
};
