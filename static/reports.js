// Draws report charts with Chart.js (served from /vendor). Each chart's data is in a
// <script type="application/json"> next to its canvas: the admin's CSP forbids inline scripts.
(function () {
  "use strict";

  var COLORS = ["#2f5bea", "#a9bcf7", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed"];

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try {
      return JSON.parse(el.textContent || "null");
    } catch (e) {
      return null;
    }
  }

  function draw(canvasId, dataId, build) {
    var canvas = document.getElementById(canvasId);
    var data = readJson(dataId);
    if (!canvas || !data || typeof window.Chart === "undefined" || canvas.getAttribute("data-drawn")) return;
    canvas.setAttribute("data-drawn", "1");
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var config = build(data);
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: still ? false : { duration: 300 } }, config.options || {});
    new window.Chart(canvas, config);
  }

  function funnel(data) {
    return {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: "Contacts", data: data.counts, backgroundColor: COLORS[0] }] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } },
    };
  }

  // Audience charts: { labels, series: [{ label, data }] } drawn as lines (or bars when kind = "bar").
  function series(data) {
    return {
      type: data.kind || "line",
      data: {
        labels: data.labels,
        datasets: (data.series || []).map(function (s, i) {
          return { label: s.label, data: s.data, borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length], tension: 0.2 };
        }),
      },
      options: { interaction: { mode: "index", intersect: false }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: "bottom" } } },
    };
  }

  function drawAll() {
    draw("funnel-chart", "funnel-data", funnel);
    var canvases = document.querySelectorAll("canvas[data-series]");
    for (var i = 0; i < canvases.length; i++) draw(canvases[i].id, canvases[i].getAttribute("data-series"), series);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
  // Reports can also arrive through an htmx swap.
  document.addEventListener("htmx:afterSettle", drawAll);
})();
