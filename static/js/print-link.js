// Links marked data-print open the browser's print dialog (print or save as PDF).
document.querySelectorAll("[data-print]").forEach(function (link) {
  link.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
});
