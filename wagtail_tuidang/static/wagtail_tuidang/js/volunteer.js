// Volunteer console: "Suggest an alias" fills the name field in place instead
// of sending the whole form. Without this script the button still works by
// submitting the form, which comes back with the alias filled in.
(function () {
  "use strict";
  var button = document.querySelector("[data-td-new-alias]");
  var form = document.querySelector("[data-td-volunteer-form]");
  if (!button || !form || !window.fetch) {
    return;
  }
  button.addEventListener("click", function (event) {
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var name = form.querySelector("[name=name]");
    event.preventDefault();
    fetch(button.getAttribute("data-td-alias-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        name.value = data.alias;
        name.focus();
      })
      .catch(function () {
        // Fall back to the plain form submission.
        form.requestSubmit ? form.requestSubmit(button) : form.submit();
      });
  });
})();
