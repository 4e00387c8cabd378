// A tiny test harness: named async tests, each with a deadline; prints TAP-like lines and a count.

export function createSuite() {
  const tests = [];
  return {
    test(name, fn) {
      tests.push({ name, fn });
    },
    async run({ timeoutMs, beforeEach, afterEach }) {
      let passed = 0;
      const failed = [];
      for (const [i, t] of tests.entries()) {
        const ctx = await beforeEach();
        let timer;
        try {
          await Promise.race([
            t.fn(ctx),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          const problems = ctx.problems ?? [];
          if (problems.length > 0) throw new Error(`page reported problems:\n  ${problems.join("\n  ")}`);
          passed++;
          console.log(`ok ${i + 1} - ${t.name}`);
        } catch (e) {
          failed.push(t.name);
          console.log(`not ok ${i + 1} - ${t.name}\n  ${String(e?.stack ?? e).replaceAll("\n", "\n  ")}`);
        } finally {
          clearTimeout(timer);
          await afterEach(ctx);
        }
      }
      return { passed, failed };
    },
  };
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function assertEqual(actual, expected, message) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}\n  expected: ${e}\n  actual:   ${a}`);
}
