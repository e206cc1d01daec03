// Filters for the preview pages (platform, post, status) and live reload under --serve.
// Without JavaScript every entry stays visible; the filter forms stay hidden.
"use strict";

function setUpFilters(form) {
  const result = form.querySelector(".filter-result");
  const noun = form.dataset.noun || "items";
  const items = Array.from(document.querySelectorAll("main [data-platform]"))
    .filter((el) => !form.contains(el));
  const counted = items.filter((el) => el.hasAttribute("data-count"));
  const groups = Array.from(document.querySelectorAll("main [data-group]"));
  const boxes = form.querySelectorAll('input[name="platform"]');

  function apply() {
    const platforms = new Set(
      Array.from(form.querySelectorAll('input[name="platform"]:checked'), (i) => i.value));
    const post = form.elements.post ? form.elements.post.value : "";
    const status = form.elements.status ? form.elements.status.value : "";
    for (const el of items) {
      const show = platforms.has(el.dataset.platform)
        && (!post || !el.dataset.post || el.dataset.post === post)
        && (!status || !el.dataset.status || el.dataset.status === status);
      el.hidden = !show;
    }
    // While a filter is on, groups (months) with nothing left to show are hidden too.
    const filtering = platforms.size < boxes.length || post || status;
    for (const group of groups) {
      const members = Array.from(group.querySelectorAll("[data-platform]"));
      const left = members.filter((el) => !el.hidden).length;
      group.hidden = Boolean(filtering) && left === 0;
      const label = group.querySelector("[data-group-count]");
      if (label) {
        label.textContent = filtering
          ? `${left} of ${members.length} shown`
          : label.dataset.groupCount;
      }
    }
    const shown = counted.filter((el) => !el.hidden).length;
    result.textContent = `Showing ${shown} of ${counted.length} ${noun}`;
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
}

function setUpLiveReload(url) {
  if (!url || !location.protocol.startsWith("http")) return;
  let seen = null;
  setInterval(async () => {
    try {
      const response = await fetch(url, { cache: "no-store" });
      if (!response.ok) return;
      const { build } = await response.json();
      if (seen && build !== seen) location.reload();
      seen = build;
    } catch (_) {
      // The server is restarting; try again on the next tick.
    }
  }, 1500);
}

document.querySelectorAll("form[data-filters]").forEach(setUpFilters);
setUpLiveReload(document.body.dataset.live);
