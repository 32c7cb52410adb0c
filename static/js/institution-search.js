// Name search for adding a member institution: the name field gets suggestions from
// /verwalten/einrichtungen/suche; choosing one puts its id into the hidden field (without
// this script the server finds the institution by its name).
(function () {
  "use strict";
  var input = document.getElementById("institution");
  var list = document.getElementById("institution-options");
  // Hidden fields carry no ids (a page may hold several forms): found by name.
  var target = input && input.form && input.form.querySelector('input[name="institution_id"]');
  if (!input || !target || !list || !window.fetch) { return; }
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  var byLabel = {};
  var timer = null;

  function label(item) {
    return item.name + (item.stadtteil ? " (" + item.stadtteil + ")" : "");
  }

  input.addEventListener("input", function () {
    var chosen = byLabel[input.value];
    target.value = chosen || "";
    if (chosen) { return; }
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { return; }
    timer = setTimeout(function () {
      fetch(list.getAttribute("data-source") + "?q=" + encodeURIComponent(text),
            { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) {
          list.innerHTML = "";
          byLabel = {};
          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = label(item);
            byLabel[option.value] = item.id;
            list.appendChild(option);
          });
        });
    }, 200);
  });
})();
