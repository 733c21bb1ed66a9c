// The case page's answer templates: "Insert the template" puts the chosen text into the
// answer at once, without reloading (without JavaScript the button posts and the server
// shows the page again with the text inserted). Focus goes to the answer, at its end.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-insert-template]");
    if (!button) return;
    var form = button.form;
    var select = form.querySelector("[data-answer-templates]");
    var answer = form.querySelector("textarea[name=answer]");
    var option = select && select.options[select.selectedIndex];
    if (!option || !option.value || !answer) return; // let the server say what is missing
    event.preventDefault();
    var text = option.getAttribute("data-text") || "";
    answer.value = answer.value.trim() ? answer.value.trim() + "\n\n" + text : text;
    answer.focus();
    answer.setSelectionRange(answer.value.length, answer.value.length);
  });
  // A queue's rows: Shift-click on a checkbox chooses the rows between it and the last one.
  var last = null;
  document.addEventListener("click", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("#bulk input[name=cases]")) return;
    var boxes = Array.prototype.slice.call(document.querySelectorAll("#bulk input[name=cases]"));
    if (event.shiftKey && last) {
      var from = boxes.indexOf(last), to = boxes.indexOf(box);
      boxes.slice(Math.min(from, to), Math.max(from, to) + 1).forEach(function (b) { b.checked = box.checked; });
    }
    last = box;
  });
})();
