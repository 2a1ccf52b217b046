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

// Figures the reader can move: every frame was drawn when the site was
// built; the page ships the default frame, and this adds a slider that
// swaps in the others (loaded only when asked for). Without JavaScript
// the default frame stays, as a plain figure.
document$.subscribe(function () {
  var groups = {};
  document.querySelectorAll("img[data-frames-id]").forEach(function (img) {
    var id = img.dataset.framesId;
    (groups[id] = groups[id] || []).push(img);
  });
  Object.keys(groups).forEach(function (id) {
    var images = groups[id];
    var first = images[0];
    if (first.dataset.framesReady) {
      return;
    }
    var values = JSON.parse(first.dataset.values);
    var label = first.dataset.label;
    var control = document.createElement("div");
    control.className = "fdl-slider";
    var name = document.createElement("label");
    var input = document.createElement("input");
    var shown = document.createElement("output");
    input.type = "range";
    input.id = "frames-" + id;
    input.min = "0";
    input.max = String(values.length - 1);
    input.step = "1";
    input.value = first.dataset.default;
    name.htmlFor = input.id;
    name.textContent = label;
    shown.htmlFor = input.id;
    function show(index) {
      images.forEach(function (img) {
        var src = img.dataset.frames.split(" ")[index];
        img.src = src;
        var link = img.closest("a");
        if (link) {
          link.href = src;
        }
      });
      shown.textContent = values[index];
      input.setAttribute("aria-valuetext", label + ": " + values[index]);
    }
    input.addEventListener("input", function () {
      show(Number(input.value));
    });
    shown.textContent = values[Number(input.value)];
    input.setAttribute(
      "aria-valuetext", label + ": " + values[Number(input.value)]
    );
    control.append(name, input, shown);
    var figure = first.closest("figure");
    var caption = figure && figure.querySelector("figcaption");
    if (caption) {
      figure.insertBefore(control, caption);
    } else {
      (first.closest("p") || first).after(control);
    }
    images.forEach(function (img) {
      img.dataset.framesReady = "1";
    });
  });
});
