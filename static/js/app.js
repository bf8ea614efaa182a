// Small progressive enhancements; every page works without them.
(function () {
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
      el.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-nav-toggle]");
    if (!toggle) return;
    var target = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
    if (target) target.classList.toggle("open", !open);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();

// Charts: <div data-plotly-figure="ID"> draws the figure held in the json_script element ID (plotly.min.js, vendored).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-plotly-figure]").forEach(function (el) {
    var data = document.getElementById(el.getAttribute("data-plotly-figure"));
    if (!window.Plotly || !data) return;
    var fig = JSON.parse(data.textContent);
    window.Plotly.newPlot(el, fig.data, fig.layout, {displaylogo: false, responsive: true});
  });
});
