import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri serves `dist/` from its own protocol; the dev server port is the `devUrl` in tauri.conf.json.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.4x, WebView2 and Safari 16+ all run ES2022.
    target: "es2022",
    // Keep assets as files: the CSP allows no data: scripts or styles.
    assetsInlineLimit: 0,
  },
});
