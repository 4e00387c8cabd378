// Sign-in, setup and review commands (the `world` part of the IPC surface).
import { commands } from "./bindings";
import type { AccountForm, Agent, LockStatus, ManagerForm, NoticeRow, ReviewAction, ReviewRow, SetupStatus } from "./bindings";
import { call } from "./index";
import type { IpcResult } from "./index";

export type {
  AccountForm,
  Agent,
  DemoAgent,
  LockStatus,
  ManagerForm,
  NoticeRow,
  ReviewAction,
  ReviewRow,
  Role,
  SetupStatus,
  SyncAlarm,
  SyncReport,
  WorldStatus,
} from "./bindings";

export function fetchSession(): Promise<IpcResult<LockStatus>> {
  return call(() => commands.sessionStatus());
}

/** Signs in, or unlocks a locked station. The PIN is not kept anywhere in the UI afterwards. */
export function signIn(badge: string, pin: string): Promise<IpcResult<Agent>> {
  return call(() => commands.signIn(badge, pin));
}

export function lockStation(): Promise<IpcResult<LockStatus>> {
  return call(() => commands.lockStation());
}

export function signOut(): Promise<IpcResult<LockStatus>> {
  return call(() => commands.signOut());
}

export function touchSession(): Promise<IpcResult<LockStatus>> {
  return call(() => commands.touchSession());
}

export function fetchSetup(): Promise<IpcResult<SetupStatus>> {
  return call(() => commands.setupStatus());
}

export function enrollFirstManager(form: ManagerForm): Promise<IpcResult<Agent>> {
  return call(() => commands.enrollFirstManager(form));
}

export function saveAccount(form: AccountForm): Promise<IpcResult<null>> {
  return call(() => commands.saveAccount(form));
}

export function forgetAccount(): Promise<IpcResult<null>> {
  return call(() => commands.forgetAccount());
}

export function fetchReview(): Promise<IpcResult<ReviewRow[]>> {
  return call(() => commands.reviewQueue());
}

export function resolveReview(id: number, action: ReviewAction, reason: string): Promise<IpcResult<null>> {
  return call(() => commands.resolveReview(id, action, reason));
}

export function fetchNotices(): Promise<IpcResult<NoticeRow[]>> {
  return call(() => commands.notices());
}

export function acknowledgeNotice(id: number): Promise<IpcResult<boolean>> {
  return call(() => commands.acknowledgeNotice(id));
}

/** "Sync now": changes waiting out a retry delay go at once; how many wait. */
export function syncNow(): Promise<IpcResult<number>> {
  return call(() => commands.syncNow());
}
