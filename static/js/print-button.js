// "Cetak" buttons on the printable staff pages (booth list, floor list, stock): no inline JS (CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
