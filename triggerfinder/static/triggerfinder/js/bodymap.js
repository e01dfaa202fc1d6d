// Body map: clicking a region on the figure ticks the matching checkbox. The checkboxes are the
// real form controls (keyboard and screen readers use them); the figure mirrors their state.
(function () {
  "use strict";

  function checkboxFor(form, slug) {
    return form.querySelector('input[type="checkbox"][name="region"][value="' + CSS.escape(slug) + '"]');
  }

  function sync(form) {
    form.querySelectorAll("[data-region]").forEach(function (shape) {
      var box = checkboxFor(form, shape.getAttribute("data-region"));
      shape.classList.toggle("is-selected", Boolean(box && box.checked));
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
