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
    var form = event.target.closest ? event.target.closest(".tf-finder-form") : null;
    if (form) sync(form);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".tf-finder-form").forEach(sync);
  });
})();
