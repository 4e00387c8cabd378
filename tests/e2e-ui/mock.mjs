// Builds the script injected before the app's own: @tauri-apps/api's real `mockIPC`, answering the
// app's commands from `window.__vp` (which each test fills and changes) and recording `ui_log`.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export async function mockScript(uiDir, fixture) {
  const mocks = await readFile(join(uiDir, "node_modules/@tauri-apps/api/mocks.js"), "utf8");
  // The module ends with `export { ... };`; as a classic script it must not.
  const body = mocks.replace(/^export\s*\{[^}]*\};?\s*$/m, "");
  if (body === mocks) throw new Error("unexpected shape of @tauri-apps/api/mocks.js");
  return `(() => {
${body}
window.__vp = ${JSON.stringify(fixture)};
window.__vp.logs = [];
mockIPC((cmd, args) => {
  const vp = window.__vp;
  switch (cmd) {
    case "queue_snapshot":
      if (vp.queueError) throw vp.queueError;
      return vp.queue;
    case "status_snapshot":
      return vp.status;
    case "ui_log":
      vp.logs.push(args);
      return null;
    default:
      // Test files may answer more commands (e.g. devices.mock.mjs) through this hook.
      if (window.__vpMore) {
        const answer = window.__vpMore(cmd, args);
        if (answer !== undefined) return answer;
      }
      throw { code: "internal", message: "unmocked command " + cmd };
  }
}, { shouldMockEvents: true });
})();`;
}
