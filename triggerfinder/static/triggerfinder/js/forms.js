// Small helpers for every page; each page works without them.
(function () {
  "use strict";

  // An error summary takes the focus, so a keyboard or screen-reader user hears what to fix; its
  // links move the focus to the field (following a "#id" link alone only scrolls).
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("tf-error-summary");
    if (summary) summary.focus();
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".tf-error-summary a[href^='#']") : null;
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: "center" });
  });

  // Downloads that take a while (a ZIP of handouts): fetch them so the page can say it is working
  // until the file is there. Without script, the link or form downloads as before.
  function filename(response, fallback) {
    var match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    return match ? match[1] : fallback;
  }

  function download(url, control) {
    var status = document.getElementById(control.getAttribute("data-tf-download"));
    var controls = document.querySelectorAll("[data-tf-download]");
    controls.forEach(function (c) { c.setAttribute("aria-disabled", "true"); c.classList.add("disabled"); });
    if (status) status.hidden = false;
    function done() {
      controls.forEach(function (c) { c.removeAttribute("aria-disabled"); c.classList.remove("disabled"); });
      if (status) status.hidden = true;
    }
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/zip") !== 0) {
          // Nothing to download (no client chosen, a bad date): the page says why.
          window.location.assign(url);
          return null;
        }
        return response.blob().then(function (blob) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = filename(response, "handouts.zip");
          document.body.appendChild(link);
          link.click();
          link.remove();
          window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
        });
      })
      .then(done, function () {
        done();
        window.location.assign(url);
      });
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest ? event.target.closest("a[data-tf-download], button[data-tf-download]") : null;
    if (!control || !window.fetch) return;
    event.preventDefault();
    if (control.getAttribute("aria-disabled") === "true") return;
    if (control.tagName === "A") {
      download(control.href, control);
    } else {
      var form = control.form;
      var query = new URLSearchParams(new FormData(form)).toString();
      download(form.action + (query ? "?" + query : ""), control);
    }
  });
})();

// The appointment book's panels (move, cancel): Close or Escape empties the panel and gives the
// focus back to the button that opened it. Without script, Close is a link back to the page.
(function () {
  "use strict";
  function close(panel) {
    var holder = panel.parentElement;
    var opener = holder && holder.id ? document.querySelector("[aria-controls='" + holder.id + "']") : null;
    if (!holder || !opener) return false;
    holder.innerHTML = "";
    opener.focus();
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-tf-close]") : null;
    if (link && close(link.closest("[data-tf-panel]"))) event.preventDefault();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var panel = event.target.closest("[data-tf-panel]");
    if (panel) close(panel);
  });
})();
