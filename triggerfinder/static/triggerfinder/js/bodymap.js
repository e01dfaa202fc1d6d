// Body map: clicking a region on the figure ticks the matching checkbox. The checkboxes are the
// real form controls (keyboard and screen readers use them); the figure mirrors their state.
(function () {
  "use strict";

  function checkboxFor(form, slug) {
    return form.querySelector('input[type="checkbox"][name="region"][value="' + CSS.escape(slug) + '"]');
  }

  // A region lights up when it is ticked or when the region it belongs to is ticked.
  function isChosen(form, box) {
    if (!box) return false;
    if (box.checked) return true;
    var parent = box.getAttribute("data-parent");
    return Boolean(parent && isChosen(form, checkboxFor(form, parent)));
  }

  function sync(form) {
    form.querySelectorAll("[data-region]").forEach(function (shape) {
      var box = checkboxFor(form, shape.getAttribute("data-region"));
      shape.classList.toggle("is-selected", isChosen(form, box));
    });
  }

  document.addEventListener("click", function (event) {
    var shape = event.target.closest ? event.target.closest(".tf-bodymap [data-region]") : null;
    if (!shape) return;
    var form = shape.closest("form");
    var box = form && checkboxFor(form, shape.getAttribute("data-region"));
    if (!box) return;
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  });

  document.addEventListener("change", function (event) {
    var form = event.target.closest ? event.target.closest(".tf-bodymap-form") : null;
    if (!form) return;
    var target = event.target;
    // Intake: ticking a region suggests a middle intensity; typing an intensity ticks the region.
    if (target.name === "region" && target.checked) {
      var intensity = form.querySelector('.tf-intensity[data-region="' + CSS.escape(target.value) + '"]');
      if (intensity && intensity.value === "") intensity.value = "5";
    }
    if (target.classList && target.classList.contains("tf-intensity")) {
      var box = checkboxFor(form, target.getAttribute("data-region"));
      if (box) box.checked = Number(target.value) > 0;
    }
    sync(form);
  });

  // A keyboard user moving through the list sees where each region is: the region of the focused
  // checkbox or intensity field is outlined on the figure.
  function regionOf(element) {
    if (!element || !element.closest || !element.closest(".tf-bodymap-form")) return null;
    if (element.name === "region") return element.value;
    if (element.classList.contains("tf-intensity")) return element.getAttribute("data-region");
    return null;
  }

  function markFocused(form, slug) {
    form.querySelectorAll(".tf-bodymap [data-region]").forEach(function (shape) {
      shape.classList.toggle("is-focused", shape.getAttribute("data-region") === slug);
    });
  }

  document.addEventListener("focusin", function (event) {
    var form = event.target.closest ? event.target.closest(".tf-bodymap-form") : null;
    if (form) markFocused(form, regionOf(event.target));
  });
  document.addEventListener("focusout", function (event) {
    var form = event.target.closest ? event.target.closest(".tf-bodymap-form") : null;
    if (form && !regionOf(event.relatedTarget)) markFocused(form, null);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".tf-bodymap-form").forEach(sync);
  });
})();
