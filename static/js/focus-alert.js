// After a failed form (e.g. the login), move the focus to its error message so that it is
// read first; the fields follow in the normal Tab order.
(function () {
  "use strict";
  var alert = document.querySelector("[data-focus-on-load]");
  if (alert) { alert.focus(); }
})();
