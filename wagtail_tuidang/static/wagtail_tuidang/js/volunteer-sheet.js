// The volunteer's sheet: keyboard shortcuts and more rows. Without this
// script the sheet is a plain form that works the same, one Tab at a time.
//
// In a row: 1, 2 and 3 tick or untick party, league and pioneers (except in
// the fields where digits are typed: people count, region, statement, name);
// Enter goes to the next row's name, adding rows at the end; Ctrl+Enter (or
// Cmd+Enter) sends the sheet.
(function () {
  "use strict";
  var form = document.querySelector("[data-td-sheet]");
  if (!form) {
    return;
  }
  var body = form.querySelector("[data-td-sheet-rows]");
  var template = form.querySelector("[data-td-sheet-row-template]");
  var addButton = form.querySelector("[data-td-add-rows]");
  var total = form.querySelector("[name$='-TOTAL_FORMS']");
  var maximum = form.querySelector("[name$='-MAX_NUM_FORMS']");
  var ORGANISATIONS = { 1: "party", 2: "youth_league", 3: "young_pioneers" };
  var ADD = 10;

  function rows() {
    return body.querySelectorAll("[data-td-sheet-row]");
  }

  function addRows(count) {
    var limit = maximum ? parseInt(maximum.value, 10) : Infinity;
    var added = null;
    for (var i = 0; i < count; i++) {
      var index = parseInt(total.value, 10);
      if (index >= limit) {
        break;
      }
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      added = added || body.lastElementChild;
    }
    if (addButton && parseInt(total.value, 10) >= limit) {
      addButton.hidden = true;
    }
    return added;
  }

  function nameOf(row) {
    return row && row.querySelector("input[name$='-name']");
  }

  function nextRow(row) {
    var next = row.nextElementSibling || addRows(ADD);
    var name = nameOf(next);
    if (name) {
      name.focus();
    }
  }

  form.addEventListener("keydown", function (event) {
    var target = event.target;
    var row = target.closest && target.closest("[data-td-sheet-row]");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
      return;
    }
    if (!row || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.key === "Enter" && target.tagName === "INPUT") {
      event.preventDefault();
      nextRow(row);
      return;
    }
    var organisation = ORGANISATIONS[event.key];
    if (organisation && target.type === "checkbox") {
      event.preventDefault();
      var box = row.querySelector(
        "input[name$='-organisations'][value='" + organisation + "']"
      );
      box.checked = !box.checked;
    }
  });

  if (addButton) {
    addButton.hidden = false;
    addButton.addEventListener("click", function () {
      var name = nameOf(addRows(ADD));
      if (name) {
        name.focus();
      }
    });
  }
  var keys = form.querySelector("[data-td-sheet-keys]");
  if (keys) {
    keys.hidden = false;
  }
})();
