import type { SyncAlarm } from "../ipc/world";

/** The deadline alarm in words: how much of the state's reporting deadline is used, and when it ends. */
export function deadlineLabel(alarm: SyncAlarm, deadlineAt: string | null): string {
  const due = deadlineAt
    ? new Date(deadlineAt).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" })
    : "";
  if (alarm.level === "overdue") return "Reporting deadline passed — report to the state by other means";
  return `${alarm.percent} % of the reporting deadline used${due ? ` — due ${due}` : ""}`;
}
