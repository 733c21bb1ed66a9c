// Progressive enhancement of the questionnaire editor; without it every button still works.
// Answer options show only for the choice types while the type is changed.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form) return;
  var choiceKinds = (form.dataset.choiceKinds || "").split(" ");
  form.classList.add("js-editor");
  function update(select) {
    var question = select.closest(".editor-question");
    var options = question && question.querySelector(".editor-options");
    if (!options) return;
    var isChoice = choiceKinds.indexOf(select.value) !== -1;
    options.toggleAttribute("data-unused", !isChoice);
    if (isChoice) options.open = true;
  }
  form.querySelectorAll("select[data-kind]").forEach(update);
  form.addEventListener("change", function (event) {
    if (event.target.matches("select[data-kind]")) update(event.target);
  });
}());
