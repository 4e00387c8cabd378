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
window.__vp.calls = [];
mockIPC((cmd, args) => {
  const vp = window.__vp;
  vp.calls.push({ cmd, args });
  const session = () => vp.session ?? vp.status.world.session;
  switch (cmd) {
    case "queue_snapshot":
      if (vp.queueError) throw vp.queueError;
      if (session().state !== "unlocked") throw { code: "signed_out", message: "no one is signed in at this station" };
      return vp.queue;
    case "session_status":
    case "touch_session":
      return session();
    case "setup_status": {
      // The engine's rule: production with a piece missing needs the setup screen.
      const s = vp.setup;
      return { ...s, needs_setup: s.mode === "production" && (s.needs_manager || s.needs_account || s.settings_problem !== null) };
    }
    case "sign_in": {
      const who = (vp.agents ?? []).find((a) => a.badge === args.badge && a.pin === args.pin);
      if (!who) throw { code: "not_recognised", message: "badge or PIN not recognised" };
      vp.session = { state: "unlocked", agent: who.agent };
      return who.agent;
    }
    case "lock_station":
      vp.session = { state: "locked", agent: session().agent };
      return vp.session;
    case "sign_out":
      vp.session = { state: "signed_out" };
      return vp.session;
    case "review_queue":
      return vp.review ?? [];
    case "notices":
      return vp.notices ?? [];
    case "resolve_review":
      if (!args.reason.trim()) throw { code: "invalid", message: "give a reason for resolving a refused BioTrack change" };
      vp.review = (vp.review ?? []).filter((r) => r.id !== args.id);
      return null;
    case "acknowledge_notice":
      vp.notices = (vp.notices ?? []).filter((n) => n.id !== args.id);
      return true;
    case "forget_account":
      vp.forgotten = true;
      return null;
    case "enroll_first_manager":
      vp.enrolled = args.form;
      vp.setup = { ...vp.setup, needs_manager: false };
      return { badge: args.form.badge, name: args.form.name, role: "manager" };
    case "save_account":
      vp.savedAccount = { licence: args.form.licence, username: args.form.username, passwordLength: args.form.password.length };
      vp.setup = { ...vp.setup, needs_account: false };
      vp.status.world.needs_setup = false;
      return null;
    case "status_snapshot":
      return vp.status;
    case "ui_log":
      vp.logs.push(args);
      return null;
    default:
      // The order-screen tests (flow.test.mjs) script the workflow commands in window.__vpFlow.
      if (window.__vpFlow && cmd in window.__vpFlow) {
        return window.__vpFlow[cmd](args, vp);
      }
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
