// The editor's tabs: the seed post's files under their own names, so the console takes the
// post's commands as written (`docker build -t spring-server .`, `kubectl apply -f
// spring-pod.yaml`, `kubectl delete -f …`, `-f .`, a folder), an unknown file gives
// kubectl's error, tabs are added, renamed and closed (by mouse and by keyboard), and a
// reload or a share link brings every tab back. Runs against the built page (dist/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { root, start, waitFor, openPage } from "./serve.mjs";

const shots = path.join(root, "tests/screenshots/room");
let served, base, browser;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

const tabNames = (page) => page.$$eval('[data-test="file-tab"]', (els) => els.map((e) => e.dataset.name));
const openTab = (page) => page.$eval('[role="tab"][aria-selected="true"]', (e) => e.dataset.name);

async function showConsole(page) {
  if (!(await page.isVisible('[data-test="console-input"]'))) await page.click('[data-test="console-tab"]');
}

// What the console printed for one line.
async function run(page, line) {
  await showConsole(page);
  const before = (await page.textContent('[data-test="console-log"]')).length;
  await page.fill('[data-test="console-input"]', line);
  await page.press('[data-test="console-input"]', "Enter");
  const out = (await page.textContent('[data-test="console-log"]')).slice(before);
  assert.ok(out.startsWith(`$ ${line}\n`), out);
  return out.slice(line.length + 3);
}

async function getPods(page) {
  return run(page, "kubectl get pods");
}

test("the post's commands as written, in order, read the tabs; tabs are added, renamed and closed; a reload and a link keep them", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { width: 1280, height: 720 });
  assert.deepEqual(await tabNames(page), ["manifest.yaml", "Dockerfile", "spring-pod.yaml", "spring-deployment.yaml", "spring-service.yaml"]);
  assert.equal(await openTab(page), "manifest.yaml");

  // §4: the cluster is there.
  assert.match(await run(page, "kubectl cluster-info"), /Kubernetes control plane is running at/);

  // §3: the post's command as written reads the Dockerfile tab (the post's two typos fixed, as
  // the page builds it at start).
  await page.click('[data-test="file-tab"][data-name="Dockerfile"]');
  assert.equal(await openTab(page), "Dockerfile");
  assert.match(await page.inputValue('[data-test="editor"]'), /^FROM openjdk:17-jdk/);
  let out = await run(page, "docker build -t spring-server .");
  assert.match(out, /COPY build\/libs\/\*SNAPSHOT\.jar app\.jar/);
  assert.match(out, /naming to docker\.io\/library\/spring-server:latest/);
  // Typed back as the post wrote it, the same command stops at the ENTRYPOINT typo and says why.
  const edited = (await page.inputValue('[data-test="editor"]')).replace('ENTRYPOINT ["java", "-jar", "/app.jar"]', 'ENTRYPOINT["java", "-jar","/app-jar"]');
  assert.match(edited, /ENTRYPOINT\["java"/);
  await page.fill('[data-test="editor"]', edited);
  out = await run(page, "docker build -t spring-server .");
  assert.match(out, /unknown instruction: ENTRYPOINT\["java",/);
  await page.screenshot({ path: path.join(shots, "tabs-dockerfile-1280x720.png") });

  // §4: the Pod, from its own file.
  assert.equal((await run(page, "kubectl apply -f spring-pod.yaml")).trimEnd(), "pod/spring-pod created");
  await waitFor(page, async () => /spring-pod\s+1\/1\s+Running/.test(await getPods(page)) || "not Running", "spring-pod Running");
  assert.match(await run(page, "kubectl delete -f spring-pod.yaml"), /^pod "spring-pod" deleted/);

  // §7–8: the Deployment and the Service.
  assert.equal((await run(page, "kubectl apply -f spring-deployment.yaml")).trimEnd(), "deployment.apps/spring-deployment created");
  assert.equal((await run(page, "kubectl apply -f ./spring-service.yaml")).trimEnd(), "service/spring-service created");
  await waitFor(page, async () => ((await getPods(page)).match(/spring-deployment-\S+\s+1\/1\s+Running/g) ?? []).length === 3 || "not three", "three replicas Running");

  // A file no tab holds: kubectl's own words.
  assert.equal((await run(page, "kubectl apply -f x.yaml")).trimEnd(), 'error: the path "x.yaml" does not exist');

  // A new tab, typed into, applied by its name.
  await page.click('[data-test="file-tab-add"]');
  await page.fill('[data-test="file-tab-name"]', "spring-pod.yaml");
  await page.press('[data-test="file-tab-name"]', "Enter");
  assert.match(await page.textContent('[data-test="file-tab-problem"]'), /already/);
  await page.fill('[data-test="file-tab-name"]', "web.yaml");
  await page.press('[data-test="file-tab-name"]', "Enter");
  assert.equal(await openTab(page), "web.yaml");
  assert.equal(await page.inputValue('[data-test="editor"]'), "");
  await page.fill('[data-test="editor"]', "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  greeting: hello\n");
  assert.equal((await run(page, "kubectl apply -f web.yaml")).trimEnd(), "configmap/web created");

  // Renamed by keyboard (F2) into a folder; the folder applies as kubectl applies one.
  await page.focus('[role="tab"][aria-selected="true"]');
  await page.keyboard.press("F2");
  await page.fill('[data-test="file-tab-name"]', "k8s/web.yaml");
  await page.keyboard.press("Enter");
  assert.deepEqual((await tabNames(page)).at(-1), "k8s/web.yaml");
  assert.equal((await run(page, "kubectl apply -f k8s")).trimEnd(), "configmap/web unchanged");
  // `-f .`: every manifest tab, in name order (the Dockerfile is not one), the folder's not.
  assert.equal(
    (await run(page, "kubectl apply -f .")).trimEnd(),
    "deployment.apps/spring-deployment unchanged\nservice/spring-service unchanged\ndeployment.apps/spring-deployment unchanged\npod/spring-pod created\nservice/spring-service unchanged",
  );

  // The arrows move between tabs; the open tab is the one Tab reaches.
  await page.focus('[role="tab"][aria-selected="true"]');
  await page.keyboard.press("Home");
  assert.equal(await openTab(page), "manifest.yaml");
  await page.keyboard.press("ArrowRight");
  assert.equal(await openTab(page), "Dockerfile");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.name), "Dockerfile");
  assert.equal(await page.inputValue('[data-test="editor"]'), edited, "the edited Dockerfile kept");
  assert.deepEqual(await page.$$eval('[role="tab"]', (els) => els.map((e) => e.tabIndex)), [-1, 0, -1, -1, -1, -1]);
  // Apply is the open tab's.
  await page.keyboard.press("ArrowRight");
  await page.click('[data-test="apply"]');
  assert.equal(await page.textContent('[data-test="last-command"]'), "kubectl apply -f spring-pod.yaml");
  await page.screenshot({ path: path.join(shots, "tabs-1280x720.png") });

  // A reload keeps every tab, its text, and which is open.
  await page.reload();
  await page.waitForSelector('[data-test="cluster"]');
  assert.deepEqual(await tabNames(page), ["manifest.yaml", "Dockerfile", "spring-pod.yaml", "spring-deployment.yaml", "spring-service.yaml", "k8s/web.yaml"]);
  assert.equal(await openTab(page), "spring-pod.yaml");
  await page.click('[data-test="file-tab"][data-name="Dockerfile"]');
  assert.equal(await page.inputValue('[data-test="editor"]'), edited);

  // Closed: its file is gone for kubectl too.
  await page.click('[data-test="file-tab"][data-name="k8s/web.yaml"]');
  assert.equal((await page.textContent('[data-test="file-tab-close"]')).trim(), "Close k8s/web.yaml");
  await page.click('[data-test="file-tab-close"]');
  assert.equal((await tabNames(page)).includes("k8s/web.yaml"), false);
  assert.equal((await run(page, "kubectl apply -f k8s/web.yaml")).trimEnd(), 'error: the path "k8s/web.yaml" does not exist');

  // An example picked while the Dockerfile is open goes into a manifest tab; the Dockerfile stays.
  await page.click('[data-test="file-tab"][data-name="Dockerfile"]');
  await page.selectOption('[data-test="examples"]', "seed-pod");
  assert.equal(await openTab(page), "manifest.yaml");
  assert.match(await page.inputValue('[data-test="editor"]'), /name: spring-pod/);
  await page.click('[data-test="file-tab"][data-name="Dockerfile"]');
  assert.equal(await page.inputValue('[data-test="editor"]'), edited);

  // The share link carries the tabs: a fresh browser opens them.
  await page.click('[data-test="share"]');
  const url = (await page.textContent('[data-test="apply-out"]')).match(/https?:\/\/\S+/)[0];
  const other = await openPage(browser, url, { width: 1280, height: 720 });
  assert.deepEqual(await tabNames(other.page), ["manifest.yaml", "Dockerfile", "spring-pod.yaml", "spring-deployment.yaml", "spring-service.yaml"]);
  await other.page.click('[data-test="file-tab"][data-name="Dockerfile"]');
  assert.equal(await other.page.inputValue('[data-test="editor"]'), edited);
  assert.deepEqual(other.errors, []);
  await other.ctx.close();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a console line's > FILE writes a tab, as a terminal writes a file: the dry run's manifest, then applied from it", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { width: 1280, height: 720 });
  const before = await tabNames(page);
  const line = "kubectl create deployment web --image=nginx:1.27 --replicas=2 --dry-run=client -o yaml > web.yaml";
  assert.equal(await run(page, line), "", "nothing on the terminal");
  assert.deepEqual(await tabNames(page), [...before, "web.yaml"]);
  assert.equal(await openTab(page), "web.yaml");
  const written = await page.inputValue('[data-test="editor"]');
  assert.match(written, /^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n/);
  assert.match(written, /\n  replicas: 2\n/);
  assert.equal(await run(page, "kubectl apply -f web.yaml"), "deployment.apps/web created\n");
  // >> adds to a file; an error stays on the terminal and the file is still written, empty.
  await run(page, "kubectl get deployment web -o name > names.txt");
  await run(page, "kubectl get deployment web -o name >> names.txt");
  assert.equal(await page.inputValue('[data-test="editor"]'), "deployment.apps/web\ndeployment.apps/web\n");
  assert.match(await run(page, "kubectl get deployment nope -o yaml > nope.yaml"), /^Error from server \(NotFound\): deployments\.apps "nope" not found\n$/);
  assert.equal(await openTab(page), "nope.yaml");
  assert.equal(await page.inputValue('[data-test="editor"]'), "");
  // A path the tabs cannot hold: said, and the output shown instead.
  assert.match(await run(page, "kubectl get deployment web -o name > /tmp/x.txt"), /^deployment\.apps\/web\nkubeplay: cannot write \/tmp\/x\.txt here; the output is shown instead\n$/);
  assert.deepEqual(errors, []);
  await ctx.close();
});
