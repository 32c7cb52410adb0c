// Search-as-you-type for adding a member institution: fills a datalist from
// /verwalten/einrichtungen/suche and copies the chosen institution's id into the form.
(function () {
  "use strict";
  var input = document.getElementById("institution-search");
  var target = document.getElementById("institution");
  var list = document.getElementById("institution-options");
  if (!input || !target || !list || !window.fetch) { return; }
  var byLabel = {};
  var timer = null;

  function label(item) {
    return item.name + (item.stadtteil ? " (" + item.stadtteil + ")" : "");
  }

  input.addEventListener("input", function () {
    var chosen = byLabel[input.value];
    if (chosen) { target.value = chosen; return; }
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { return; }
    timer = setTimeout(function () {
      fetch(input.getAttribute("data-source") + "?q=" + encodeURIComponent(text),
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
