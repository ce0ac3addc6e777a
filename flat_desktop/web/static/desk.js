// The ordering desk's only script: focus the error summary, and keep a list of orders (or one
// order's status) up to date by asking the server for its newest event number now and then;
// only when it moved is the list fetched again (no full reload, the place on the page is kept).
"use strict";
(function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  var box = document.getElementById("orders") || document.getElementById("order-status");
  if (!box) { return; }
  var seq = box.getAttribute("data-seq");
  var every = parseInt(box.getAttribute("data-poll"), 10) || 4000;
  var live = document.getElementById("live");
  function refresh() {
    if (box.getAttribute("data-reload")) {
      return fetch(window.location.pathname + window.location.search, {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById("order-status");
          if (fresh) { box.innerHTML = fresh.innerHTML; }
        });
    }
    return fetch(box.getAttribute("data-src"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        box.innerHTML = html;
        if (live) { live.textContent = box.getAttribute("data-said") || ""; }
      });
  }
  function poll() {
    if (document.hidden) { return; }
    fetch(box.getAttribute("data-seq-src"), {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && String(data.seq) !== String(seq)) {
          seq = String(data.seq);
          return refresh();
        }
      })
      .catch(function () { /* the server is away: try again at the next turn */ });
  }
  window.setInterval(poll, every);
})();
