// Draws the home dashboard's "new contacts per day" chart with Chart.js (served from /vendor).
// The data comes from <script type="application/json" id="signups-data">: the admin's CSP forbids inline scripts.
(function () {
  "use strict";

  function label(day) {
    var d = new Date(day + "T00:00:00Z");
    return isNaN(d.getTime()) ? day : d.toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
  }

  function draw() {
    var canvas = document.getElementById("signups-chart");
    var source = document.getElementById("signups-data");
    if (!canvas || !source || typeof window.Chart === "undefined" || canvas.getAttribute("data-drawn")) return;
    var data;
    try {
      data = JSON.parse(source.textContent || "{}");
    } catch (e) {
      return;
    }
    canvas.setAttribute("data-drawn", "1");
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: (data.labels || []).map(label),
        datasets: [
          { label: "Users", data: data.users || [], backgroundColor: "#2f5bea", stack: "new" },
          { label: "Leads", data: data.leads || [], backgroundColor: "#a9bcf7", stack: "new" },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: still ? false : { duration: 300 },
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxTicksLimit: 10, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
  // The dashboard can also arrive through an htmx swap.
  document.addEventListener("htmx:afterSettle", draw);
})();
