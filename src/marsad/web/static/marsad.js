// Marsad: small, optional enhancements (the pages work without them).
// "/" focuses the search box; Escape leaves it.
document.addEventListener("keydown", function (event) {
  var box = document.querySelector(".qbox input[type=search]");
  if (!box) return;
  if (event.key === "/" && document.activeElement !== box && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
    event.preventDefault();
    box.focus();
    box.select();
  } else if (event.key === "Escape" && document.activeElement === box) {
    box.blur();
  }
});
