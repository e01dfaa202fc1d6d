// Intake screening: the questions follow the painful regions, the way core.screening groups them
// (general ones always; each area's once, in the first chosen area they belong to). The server
// renders the same grouping and validates the answers; this only keeps the page in step while the
// regions are ticked, and gives each group its "none of these".
(function () {
  "use strict";

  function chosenAreas(form) {
    var areas = new Set();
    form.querySelectorAll('input[type="checkbox"][name="region"]:checked').forEach(function (box) {
      areas.add(box.getAttribute("data-parent") || box.value);
    });
    return areas;
  }

  function layout(form) {
    var groups = Array.prototype.slice.call(form.querySelectorAll(".tf-question-group"));
    if (!groups.length) return;
    var chosen = chosenAreas(form);
    var order = groups.map(function (g) { return g.getAttribute("data-area"); }).filter(Boolean);
    var chosenInOrder = order.filter(function (area) { return chosen.has(area); });
    var questions = Array.prototype.slice.call(form.querySelectorAll(".tf-question"));
    questions.sort(function (a, b) { return Number(a.dataset.index) - Number(b.dataset.index); });
    questions.forEach(function (question) {
      var own = question.dataset.areas ? question.dataset.areas.split(" ") : [];
      var inOwn = function (area) { return own.indexOf(area) >= 0; };
      var home = own.length ? chosenInOrder.find(inOwn) || order.find(inOwn) || "" : "";
      var group = form.querySelector('.tf-question-group[data-area="' + CSS.escape(home) + '"]');
      var list = group && group.querySelector(".tf-questions");
      if (list) list.appendChild(question);  // in knowledge order: each list ends up sorted
    });
    groups.forEach(function (group) {
      var area = group.getAttribute("data-area");
      group.hidden = !group.querySelector(".tf-question") || Boolean(area && !chosen.has(area));
    });
  }

  function answerNone(group) {
    var changed = null;
    group.querySelectorAll(".tf-question").forEach(function (question) {
      if (question.querySelector('input[type="radio"]:checked')) return;
      var no = question.querySelector('input[type="radio"][value="no"]');
      if (no) {
        no.checked = true;
        changed = no;
      }
    });
    if (changed) changed.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".tf-none-of-these") : null;
    if (button) answerNone(button.closest(".tf-question-group"));
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = target.closest ? target.closest(".tf-bodymap-form") : null;
    if (!form) return;
    if (target.name === "region" || (target.classList && target.classList.contains("tf-intensity"))) layout(form);
    var question = target.closest(".tf-question");
    if (question) {
      question.classList.remove("tf-question-open");
      question.removeAttribute("aria-invalid");
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".tf-none-of-these").forEach(function (button) { button.hidden = false; });
    document.querySelectorAll(".tf-bodymap-form").forEach(layout);
  });
})();
