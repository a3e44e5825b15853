// The live preview: listens to the server's events (Server-Sent Events) and
// keeps the page current: the index's statuses and thumbnails, or one
// document's pages, a "rendering" notice while it renders, check's messages
// when the data are invalid.
(function () {
  "use strict";
  const body = document.body;
  const showing = body.dataset.doc || "";
  const source = new EventSource("/events" + (showing ? "?doc=" + encodeURIComponent(showing) : ""));
  const $ = (id) => document.getElementById(id);
  const statusWords = {
    built: ["جاهزة", "Ready"], failed: ["تعذّر الإخراج", "Failed"], rendering: ["جارٍ الإخراج", "Rendering"],
    invalid: ["بيانات غير صالحة", "Invalid data"], waiting: ["في الانتظار", "Waiting"],
  };

  source.addEventListener("preview", (event) => {
    const preview = JSON.parse(event.data);
    if (body.dataset.live !== "index") return;
    const activity = $("activity"), problems = $("problems");
    activity.textContent = preview.activity;
    activity.hidden = !preview.activity;
    problems.querySelector("pre").textContent = preview.problems.join("\n");
    problems.hidden = preview.problems.length === 0;
  });

  source.addEventListener("document", (event) => {
    const doc = JSON.parse(event.data);
    if (body.dataset.live === "index") updateRow(doc);
    else if (doc.name === showing) updateDocument(doc);
  });

  // The document's names, in both languages (a title edited in the data).
  function showNames(root, doc) {
    if (!doc.title || !doc.label) return;
    for (const lang of ["ar", "en"]) {
      const element = root.querySelector("." + lang);
      if (element) element.textContent = `${doc.label[lang]}: ${doc.title[lang]}`;
    }
  }

  function updateRow(doc) {
    const row = document.querySelector(`tr[data-doc="${CSS.escape(doc.name)}"]`);
    if (!row) return;
    showNames(row.querySelector("td.title"), doc);
    const cell = row.querySelector(".status");
    const words = statusWords[doc.status] || [doc.status, doc.status];
    cell.className = "status status-" + doc.status;
    cell.querySelector(".word-ar").textContent = words[0];
    cell.querySelector(".word-en").textContent = words[1];
    row.querySelector(".pages").textContent = doc.pages;
    row.querySelector(".built").textContent = doc.built_at;
    const thumbnail = row.querySelector("img.thumbnail");
    if (thumbnail && doc.status === "built" && thumbnail.getAttribute("src") !== doc.thumbnail) {
      thumbnail.src = doc.thumbnail;
    }
  }

  function updateDocument(doc) {
    body.dataset.status = doc.status;
    showNames(document.querySelector("h1"), doc);
    const busy = doc.status === "rendering" || doc.status === "waiting";
    const broken = doc.status === "failed" || doc.status === "invalid";
    $("rendering").hidden = !busy;
    $("rendering").innerHTML = doc.status === "waiting"
      ? 'في الانتظار: بناء آخر يكتب في reports/ · <span lang="en" dir="ltr">Waiting for another build writing reports/</span>'
      : 'جارٍ الإخراج… · <span lang="en" dir="ltr">Rendering…</span>';
    $("pages").classList.toggle("stale", busy);
    $("errors").hidden = !broken;
    $("pages").hidden = broken;
    if (broken) {
      $("error-lines").textContent = doc.errors.join("\n");
      // The heading says which: a failed render, or invalid data or templates.
      $("errors").querySelector("p").innerHTML = doc.status === "failed"
        ? 'تعذّر إخراج الوثيقة · <span lang="en" dir="ltr">This document failed to render</span>'
        : 'البيانات أو القوالب غير صالحة · <span lang="en" dir="ltr">The data or templates are invalid</span>';
    }
    if (doc.status === "built" && (String(doc.version) !== body.dataset.version || !showingImages(doc))) {
      showPages(doc);
    }
  }

  // The pages on screen are these very images (their URLs name their pixels).
  function showingImages(doc) {
    const shown = Array.from($("pages").querySelectorAll("img.page"), (image) => image.getAttribute("src"));
    return shown.length === doc.images.length && shown.every((src, index) => src === doc.images[index]);
  }

  // Each page is swapped in as soon as its new image has loaded, page 1 first (no blank flash:
  // the old image stays until then). A page whose URL did not change keeps its image: the server
  // names page images by their pixels, so the same URL is the same picture.
  let latest = 0;
  function showPages(doc) {
    const mine = ++latest;
    const pages = $("pages");
    const before = Array.from(pages.querySelectorAll("img.page"));
    const loads = doc.images.map((src, index) => new Promise((resolve) => {
      const alt = `الصفحة ${index + 1} من ${doc.pages} · page ${index + 1} of ${doc.pages}`;
      const kept = before[index];
      if (kept && kept.getAttribute("src") === src) {
        kept.alt = alt;
        return resolve(kept);
      }
      const image = new Image();
      image.className = "page";
      image.alt = alt;
      image.onload = image.onerror = () => {
        if (mine === latest && kept && kept.parentNode === pages) kept.replaceWith(image);
        resolve(image);
      };
      image.src = src;
    }));
    Promise.all(loads).then((images) => {
      if (mine !== latest) return;     // a newer version is on its way
      pages.replaceChildren(...images);
      $("pages-count").textContent = doc.pages;
      $("pdf").href = doc.pdf;
      $("pdf").hidden = false;
      body.dataset.version = String(doc.version);
      body.dataset.shown = String(doc.version);   // for tests: these pages are on screen
    });
  }
})();
