// Webernetes (npm @ngrok/webernetes), the closest peer, on the benchmark's workload: a
// Deployment of N nginx replicas on M nodes, run until every pod is Ready. Bundled for
// the browser by esbuild (scripts/bench-browser.sh) and loaded into the same headless
// Chromium as kubeplay's page.
import { Cluster, BaseImage } from "@ngrok/webernetes";

// An image that listens on port 80 until killed, as nginx does.
class Nginx extends BaseImage {
  static imageName = "nginx";
  static imageVersion = "1.27";
  defaultCommand = ["server"];
  async exec(ctx, argv) {
    if (argv[0] !== "server") return super.exec(ctx, argv);
    ctx.listenHttp(80, async () => ({ statusCode: 200, body: "ok\n" }));
    return await ctx.waitUntilKilled();
  }
}

// A macrotask without setTimeout's 4 ms clamp, so the runtime's own promises settle.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToLoop = () => new Promise((r) => { waiting.push(r); channel.port2.postMessage(0); });

let kept;

// Runs until every pod is Ready. `mode` "real" (the library's default, and the mode of
// the figures quoted in issue 6): its clock follows the wall clock and we only wait.
// "step": the clock is paused and stepped 100 ms at a time as fast as the CPU allows.
export async function run(pods, nodes, mode = "real", limitMs = 30 * 60 * 1000) {
  const t0 = performance.now();
  const cluster = new Cluster({ nodes });
  cluster.registerImage(Nginx);
  await cluster.init();
  let ready = 0;
  const seen = new Map();
  cluster.informer(
    "pods",
    (type, p) => {
      const name = p.metadata.name;
      const was = seen.get(name) || false;
      if (type === "delete") {
        if (was) ready--;
        seen.delete(name);
        return;
      }
      const now = (p.status?.conditions || []).some((c) => c.type === "Ready" && c.status === "True");
      if (now !== was) {
        ready += now ? 1 : -1;
        seen.set(name, now);
      }
    },
    { namespace: "default" },
  );
  const t1 = performance.now();
  await cluster.apply([
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "bench" },
      spec: {
        replicas: pods,
        selector: { matchLabels: { app: "bench" } },
        template: {
          metadata: { labels: { app: "bench" } },
          spec: { containers: [{ name: "app", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
        },
      },
    },
  ]);
  if (mode === "step") cluster.clock.pause();
  const sim0 = cluster.clock.nowMs();
  while (ready < pods && performance.now() - t1 < limitMs) {
    if (mode === "step") cluster.clock.step(100);
    else await new Promise((r) => setTimeout(r, 50));
    await yieldToLoop();
  }
  const t2 = performance.now();
  const simMs = cluster.clock.nowMs() - sim0;
  // One simulated second of the settled cluster, stepped: its CPU cost.
  if (!cluster.clock.isPaused()) cluster.clock.pause();
  const t3 = performance.now();
  for (let i = 0; i < 10; i++) {
    cluster.clock.step(100);
    await yieldToLoop();
  }
  const idleMs = performance.now() - t3;
  kept = cluster;
  return { pods, nodes, mode, ready, sim_ms: simMs, init_ms: t1 - t0, ready_ms: t2 - t1, idle_ms: idleMs, finished: ready >= pods };
}

// Lets the heap be measured with the cluster still alive, then frees it.
export function release() {
  const c = kept;
  kept = undefined;
  return c ? c.close().catch(() => {}) : Promise.resolve();
}
