// drillbook serve: live reload and the build-error overlay.
// The page knows its build from this script's URL (`live.js?v=N`). One tab
// (the holder of a Web Lock) long-polls `/__drillbook/events` and shares each
// status over a BroadcastChannel, since browsers allow six connections per
// host; without those APIs every tab polls for itself.
(function () {
  "use strict";
  var script = document.currentScript;
  var match = script && /[?&]v=(\d+)/.exec(script.src);
  var built = match ? Number(match[1]) : -1;
  var SCROLL_KEY = "drillbook-scroll:" + location.pathname;
  var OVERLAY_ID = "drillbook-error-overlay";
  var root = document.documentElement;
  root.setAttribute("data-drillbook-build", String(built));

  // Put the reader back where they were before the reload.
  try {
    var saved = sessionStorage.getItem(SCROLL_KEY);
    if (saved !== null) {
      sessionStorage.removeItem(SCROLL_KEY);
      var y = Number(saved);
      window.addEventListener("load", function () { window.scrollTo(0, y); });
      window.scrollTo(0, y);
    }
  } catch (e) { /* storage may be disabled */ }

  var reloading = false;
  function reload() {
    if (reloading) return;
    reloading = true;
    root.setAttribute("data-drillbook-live", "reloading");
    try { sessionStorage.setItem(SCROLL_KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  // The overlay lives in a shadow root with its own style sheet, so the
  // theme's styles (its `pre`, its buttons) never reach it; its colours
  // keep a contrast of at least 4.5:1 in the light and the dark scheme.
  var SHEET =
    ":host{all:initial;position:fixed;inset:0;z-index:2147483647;display:block}" +
    ":host([hidden]){display:none}" +
    ".box{--bg:#ffffff;--fg:#1b1b1f;--muted:#45474f;--err:#a4161a;--code:#f4f4f6;--line:#c4c6cf;--btn:#1b1b1f;--btn-fg:#ffffff;" +
    "position:absolute;inset:0;overflow:auto;box-sizing:border-box;padding:1.25rem 1.5rem 2rem;" +
    "background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,'Segoe UI',sans-serif}" +
    "@media (prefers-color-scheme:dark){.box{--bg:#15161a;--fg:#ececf1;--muted:#b9bcc6;--err:#ff9c9c;--code:#0c0d10;--line:#3b3e47;--btn:#ececf1;--btn-fg:#15161a}}" +
    "h1{margin:0 6rem .4rem 0;font-size:1.15rem;line-height:1.35;color:var(--err)}" +
    "p{margin:0 0 .9rem;color:var(--fg)}" +
    ".summary{font-weight:600}.hint{color:var(--muted);font-size:.9em}" +
    "pre{margin:0;padding:1rem;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--code);color:var(--fg);" +
    "border:1px solid var(--line);border-radius:6px;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}" +
    "button{position:absolute;top:1rem;right:1.25rem;padding:.4rem 1rem;border:0;border-radius:6px;cursor:pointer;" +
    "background:var(--btn);color:var(--btn-fg);font:600 14px/1.4 system-ui,sans-serif}" +
    "button:focus-visible{outline:3px solid #3d7bfd;outline-offset:2px}";

  // Files named by the diagnostics (` --> path:line:col`), each once.
  function errorFiles(text) {
    var files = [];
    var re = /^\s*--> (.+?)(?::\d+(?::\d+)?)?\s*$/gm, m;
    while ((m = re.exec(text))) if (files.indexOf(m[1]) < 0) files.push(m[1]);
    return files;
  }

  function countErrors(text) {
    var n = (text.match(/^error(\[\w+\])?:/gm) || []).length;
    return n || 1;
  }

  // The build whose error the overlay shows: the leader re-sends the same
  // status after every long-poll timeout, which must not re-open an overlay
  // the reader hid.
  var shownVersion = null;
  function overlay() {
    var host = document.getElementById(OVERLAY_ID);
    if (host) return host;
    host = document.createElement("div");
    host.id = OVERLAY_ID;
    var shadow = host.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent = SHEET;
    var box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build error");
    box.setAttribute("aria-describedby", "summary");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", function () { host.hidden = true; });
    var title = document.createElement("h1");
    title.id = "title";
    var summary = document.createElement("p");
    summary.id = "summary";
    summary.className = "summary";
    var hint = document.createElement("p");
    hint.className = "hint";
    var pre = document.createElement("pre");
    pre.id = "drillbook-error-text";
    box.appendChild(close);
    box.appendChild(title);
    box.appendChild(summary);
    box.appendChild(hint);
    box.appendChild(pre);
    shadow.appendChild(style);
    shadow.appendChild(box);
    (document.body || root).appendChild(host);
    return host;
  }

  function showError(status) {
    var host = overlay();
    var shadow = host.shadowRoot;
    var files = errorFiles(status.error);
    var n = countErrors(status.error);
    shadow.querySelector("h1").textContent = status.first
      ? "drillbook: the first build failed — fix it and this page reloads"
      : "drillbook: the last save does not build — the last good version is underneath";
    shadow.querySelector(".summary").textContent =
      (n === 1 ? "1 error" : n + " errors") + (files.length ? " in " + files.join(", ") : "");
    shadow.querySelector(".hint").textContent = status.first
      ? "There is no good build to show yet. The same errors are in the terminal."
      : "Hide this to read the last good version; it comes back with the next failed save.";
    shadow.querySelector("pre").textContent = status.error;
    if (status.version !== shownVersion) host.hidden = false;
    shownVersion = status.version;
    root.setAttribute("data-drillbook-live", "error");
  }

  // One status from the server: {version, error, first}.
  function apply(status) {
    if (status.error) {
      showError(status);
    } else if (status.version !== built || document.getElementById(OVERLAY_ID)) {
      reload();
    } else {
      root.setAttribute("data-drillbook-live", "connected");
    }
  }

  function get(since) {
    var url = "/__drillbook/events" + (since === null ? "" : "?since=" + since);
    return fetch(url, { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r.json();
    });
  }

  // Long-polls forever, handing each status to `each`; backs off while the
  // server is down (it is restarted by the author) and resumes after.
  function poll(since, each) {
    get(since).then(function (status) {
      each(status);
      poll(status.version, each);
    }, function () {
      root.setAttribute("data-drillbook-live", "disconnected");
      setTimeout(function () { poll(since, each); }, 1000);
    });
  }

  var channel = null;
  try { channel = new BroadcastChannel("drillbook-live"); } catch (e) { channel = null; }
  var canLead = channel && navigator.locks && navigator.locks.request;

  // Every tab asks once, at once: a page loaded while the build is broken
  // must show the error without waiting for the next save.
  get(null).then(function (status) {
    apply(status);
    if (!canLead) {
      poll(status.version, apply);
      return;
    }
    channel.onmessage = function (event) { apply(event.data); };
    // Held until the tab closes; the next tab in line then takes over.
    navigator.locks.request("drillbook-live-leader", function () {
      return new Promise(function () {
        poll(status.version, function (s) {
          channel.postMessage(s);
          apply(s);
        });
      });
    });
  }, function () {
    poll(null, apply);
  });
})();
