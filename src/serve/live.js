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

  // The build whose error the overlay shows: the leader re-sends the same
  // status after every long-poll timeout, which must not re-open an overlay
  // the reader hid.
  var shownVersion = null;
  function showError(status) {
    var box = document.getElementById(OVERLAY_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-label", "Build error");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,24,.94);color:#f4f4f5;padding:2rem;font:14px/1.5 ui-monospace,monospace";
      var title = document.createElement("p");
      title.textContent = "drillbook: the last save does not build — showing the last good version underneath.";
      title.style.cssText = "margin:0 0 1rem;color:#fca5a5;font-weight:bold";
      var pre = document.createElement("pre");
      pre.id = "drillbook-error-text";
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.style.cssText = "position:absolute;top:1rem;right:1rem";
      close.addEventListener("click", function () { box.hidden = true; });
      box.appendChild(close);
      box.appendChild(title);
      box.appendChild(pre);
      (document.body || root).appendChild(box);
    }
    if (status.version !== shownVersion) box.hidden = false;
    shownVersion = status.version;
    document.getElementById("drillbook-error-text").textContent = status.error;
    root.setAttribute("data-drillbook-live", "error");
  }

  // One status from the server: {version, error}.
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
