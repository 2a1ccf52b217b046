// Regions that scroll sideways (a wide table, a notebook cell) get a tab
// stop, as Material gives its own code blocks, so that keyboard users can
// scroll them too. Runs on every page, instant navigation included.
document$.subscribe(function () {
  var scrollers = document.querySelectorAll(
    ".md-typeset__scrollwrap, .highlight-ipynb, .jp-OutputArea-output pre"
  );
  scrollers.forEach(function (region) {
    if (region.scrollWidth > region.clientWidth) {
      region.setAttribute("tabindex", "0");
    }
  });
});
